// Event extraction quality on the labelled sentences in
// tests/data/extract_eval/sentences.jsonl (written for this project).
//
// A predicted event matches a labelled one when their actions are of the
// same CAMEO root (meet/host/negotiate count as one encounter); then source,
// target, place and time are scored separately: precision over predictions
// that name the field, recall over labels that name it. Symmetric encounters
// accept source and target either way round.
//
// usage: extract_eval SENTENCES.jsonl DATA_DIR [--verbose] [--min-type-f1 X]
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/file.h"
#include "pipeline/extractor.h"
#include "pipeline/gazetteer.h"

using namespace newsd;
using nlohmann::json;

namespace {

std::string Root(const std::string& code) {
  if (code == "040" || code == "043" || code == "044" || code == "046") return "04x";
  return code.substr(0, 2);
}

std::string Str(const json& j, const char* k) {
  return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : "";
}

struct Field {
  uint64_t correct = 0, predicted = 0, gold = 0;
  json ToJson() const {
    double p = predicted ? static_cast<double>(correct) / static_cast<double>(predicted) : 1;
    double r = gold ? static_cast<double>(correct) / static_cast<double>(gold) : 1;
    return {{"precision", p},
            {"recall", r},
            {"f1", p + r > 0 ? 2 * p * r / (p + r) : 0},
            {"correct", correct},
            {"predicted", predicted},
            {"labelled", gold}};
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: extract_eval SENTENCES.jsonl DATA_DIR [--verbose] [--min-type-f1 X]\n";
    return 2;
  }
  bool verbose = false;
  double min_type_f1 = -1;
  for (int i = 3; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--verbose") verbose = true;
    if (a == "--min-type-f1" && i + 1 < argc) min_type_f1 = std::stod(argv[++i]);
  }
  auto gj = ReadFileToString(std::string(argv[2]) + "/gazetteer.json");
  auto iso = ReadFileToString("/usr/share/iso-codes/json/iso_3166-1.json");
  auto lines_text = ReadFileToString(argv[1]);
  if (!gj.ok() || !iso.ok() || !lines_text.ok()) {
    std::cerr << "extract_eval: cannot read inputs\n";
    return 2;
  }
  auto gaz = Gazetteer::FromJson(*gj, *iso);
  if (!gaz.ok()) return 2;
  Extractor x(&*gaz);

  std::map<std::string, Field> f;
  uint64_t sentences = 0, no_event_sentences = 0, invented = 0, polarity_ok = 0, modality_ok = 0,
           matched_total = 0;
  std::istringstream lines(*lines_text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    json s = json::parse(line);
    ++sentences;
    auto ref = ParseRfc3339(s["published"].get<std::string>());
    auto pred = x.Extract({s["text"].get<std::string>()}, {}, *ref);
    const json& gold = s["events"];
    if (gold.empty()) {
      ++no_event_sentences;
      invented += !pred.empty();
    }
    std::vector<bool> used(pred.size(), false);
    f["type"].predicted += pred.size();
    for (const auto& p : pred) {
      f["source"].predicted += !p.source.empty();
      f["target"].predicted += !p.target.empty();
      f["place"].predicted += !p.location.empty();
      f["time"].predicted += p.time_basis == "text";
    }
    for (const auto& g : gold) {
      ++f["type"].gold;
      std::string gs = Str(g, "source"), gt = Str(g, "target"), gp = Str(g, "place"),
                  gtime = Str(g, "time");
      f["source"].gold += !gs.empty();
      f["target"].gold += !gt.empty();
      f["place"].gold += !gp.empty();
      f["time"].gold += !gtime.empty();
      const EventMention* m = nullptr;
      for (size_t i = 0; i < pred.size() && !m; ++i)
        if (!used[i] && Root(pred[i].code) == Root(g["code"])) {
          used[i] = true;
          m = &pred[i];
        }
      if (!m) {
        if (verbose) std::cerr << "MISSED " << s["text"] << "\n";
        continue;
      }
      ++f["type"].correct;
      ++matched_total;
      std::string ps = m->source.canonical, pt = m->target.canonical;
      if (Root(m->code) == "04x" && ps != gs && pt == gs) std::swap(ps, pt);
      f["source"].correct += !gs.empty() && ps == gs;
      f["target"].correct += !gt.empty() && pt == gt;
      f["place"].correct += !gp.empty() && m->location.canonical == gp;
      f["time"].correct +=
          !gtime.empty() && m->time_basis == "text" && FormatDate(m->time) == gtime;
      polarity_ok += m->negated == g.value("negated", false);
      modality_ok += m->modality == g.value("modality", std::string("asserted"));
      if (verbose && (ps != gs || pt != gt || m->location.canonical != gp))
        std::cerr << "PARTIAL " << s["text"] << " -> " << m->code << " " << ps << " / " << pt
                  << " @ " << m->location.canonical << "\n";
    }
    if (verbose)
      for (size_t i = 0; i < pred.size(); ++i)
        if (!used[i])
          std::cerr << "EXTRA " << s["text"] << " -> " << pred[i].code << " "
                    << pred[i].source.canonical << " / " << pred[i].target.canonical << "\n";
  }
  json report = {
      {"sentences", sentences},
      {"sentences_without_events", no_event_sentences},
      {"events_invented_in_them", invented},
      {"polarity_accuracy_on_matched",
       matched_total ? static_cast<double>(polarity_ok) / static_cast<double>(matched_total) : 1.0},
      {"modality_accuracy_on_matched",
       matched_total ? static_cast<double>(modality_ok) / static_cast<double>(matched_total)
                     : 1.0}};
  for (const auto& [name, field] : f) report[name] = field.ToJson();
  std::cout << report.dump(2) << "\n";
  if (min_type_f1 >= 0) {
    bool ok = report["type"]["f1"].get<double>() >= min_type_f1;
    std::cout << (ok ? "1 passed, 0 failed" : "0 passed, 1 failed") << "\n";
    return ok ? 0 : 1;
  }
  return 0;
}
