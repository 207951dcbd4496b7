// Extraction quality on development sets labelled by others (read in place
// from ../shared/eval/, never copied into the repository), scored the way
// their held-out halves are scored (shared/eval/README.md):
//
//   plover:   each gold sentence is analysed with its date as the reference.
//             Event class: right when one of the events' CAMEO codes maps
//             (longest prefix in cameo2plover.jsonl) to the gold class.
//             The table uses PLOVER's 2021 names: the gold records' DEMAND
//             is REQUEST, DISAPPROVE is ACCUSE, FIGHT is ASSAULT.
//             Source country: one event's source country equals a gold
//             source's country code (records with one).
//   timebank: every gold DATE whose value is a calendar date, month, year
//             or ISO week counts; it is found when a predicted time
//             expression overlaps its span and has the same TimeML value,
//             with the document's creation time as the reference.
//
// usage: external_eval plover PLOVER.jsonl CAMEO2PLOVER.jsonl DATA_DIR [--verbose]
//                     [--min-class X] [--min-country X]
//        external_eval timebank TIMEBANK.jsonl DATA_DIR [--verbose] [--min-date X]
// --no-verb-dictionary leaves the CAMEO verb dictionary out (a baseline).
// timebank --dump-events FILE writes every event found, located by document
// and sentence span, for bench/precision_sample.py.
//        external_eval verb-forms SET.jsonl DATA_DIR
//             every word of a set's texts (TimeBank or PLOVER) that the CAMEO
//             verb dictionary lists, one JSON line each: its document, byte
//             span, sentence span and whether the part-of-speech layer reads
//             it as a verb there (Lexicon::ReadsAsVerb; `never_action` marks
//             the auxiliaries it never reads so). bench/pos_agreement.py
//             compares these with a reference tagger.
// Exit 77 when the sets are not there (ctest skips), 1 below a floor.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "bench/floor_flag.h"
#include "common/file.h"
#include "pipeline/dictionaries.h"
#include "pipeline/extractor.h"
#include "pipeline/gazetteer.h"
#include "pipeline/lexicon.h"
#include "pipeline/sentence_model.h"
#include "pipeline/text.h"

using namespace newsd;
using nlohmann::json;

namespace {

std::vector<json> ReadJsonLines(const std::string& path) {
  std::vector<json> out;
  auto text = ReadFileToString(path);
  if (!text.ok()) return out;
  std::istringstream lines(*text);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) out.push_back(json::parse(line));
  return out;
}

std::string ClassName2021(const std::string& gold) {
  if (gold == "DEMAND") return "REQUEST";
  if (gold == "DISAPPROVE") return "ACCUSE";
  if (gold == "FIGHT") return "ASSAULT";
  return gold;
}

// Byte offset of code point `cp` in UTF-8 `s` (the sets count code points).
size_t ByteOffset(const std::string& s, size_t cp) {
  size_t i = 0;
  for (size_t n = 0; i < s.size() && n < cp; ++n) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

struct Floors {
  int passed = 0, failed = 0;
  void Check(const char* what, double value, double floor) {
    if (floor < 0) return;
    if (value >= floor) {
      ++passed;
    } else {
      ++failed;
      std::cout << what << " " << value << " is below " << floor << "\n";
    }
  }
  int Finish() const {
    if (passed + failed == 0) return 0;
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed ? 1 : 0;
  }
};

double Ratio(uint64_t a, uint64_t b) {
  return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
}

int Plover(const Extractor& x, const std::vector<json>& gold, const std::vector<json>& table,
           bool verbose, double min_class, double min_country) {
  std::map<std::string, std::string> to_plover;
  for (const auto& row : table) to_plover[row["cameo"]] = row["plover"];
  auto map_code = [&](std::string code) -> std::string {
    for (; !code.empty(); code.pop_back())
      if (auto it = to_plover.find(code); it != to_plover.end()) return it->second;
    return "";
  };
  uint64_t n = 0, right = 0, no_event = 0, with_country = 0, country_right = 0;
  std::map<std::string, std::pair<uint64_t, uint64_t>> by_class;  // right, total
  for (const auto& g : gold) {
    ++n;
    const std::string text = g["text"];
    auto ref = ParseRfc3339(g["date"].get<std::string>() + "T00:00:00Z");
    Analysis a = x.Analyze(text, *ref);
    const std::string want = ClassName2021(g["event"]);
    bool ok = false;
    for (const auto& e : a.events) ok |= map_code(e.code) == want;
    right += ok;
    no_event += a.events.empty();
    auto& bc = by_class[g["event"]];
    bc.first += ok;
    ++bc.second;
    std::vector<std::string> countries;
    for (const auto& s : g["source"])
      if (s["code"].is_string()) {
        std::string c = s["code"];
        if (c.size() == 3 && c != "IGO" && c != "NGO" && c != "IMG" && c != "MNC")
          countries.push_back(c);
      }
    bool country_ok = false;
    if (!countries.empty()) {
      ++with_country;
      for (const auto& e : a.events)
        for (const auto& c : countries) country_ok |= e.source.country == c;
      country_right += country_ok;
    }
    if (verbose && (!ok || (!countries.empty() && !country_ok))) {
      std::cerr << (ok ? "COUNTRY " : "CLASS ") << g["event"].get<std::string>() << " src=";
      for (const auto& c : countries) std::cerr << c << ",";
      std::cerr << " | " << text << "\n";
      for (const auto& e : a.events)
        std::cerr << "    -> " << e.code << " (" << map_code(e.code) << ") '" << e.trigger << "' "
                  << e.source.canonical << "[" << e.source.country << "] -> " << e.target.canonical
                  << "[" << e.target.country << "]\n";
    }
  }
  json report = {{"set", "plover"},
                 {"sentences", n},
                 {"class_accuracy", Ratio(right, n)},
                 {"class_right", right},
                 {"sentences_without_event", no_event},
                 {"source_country_accuracy", Ratio(country_right, with_country)},
                 {"source_country_right", country_right},
                 {"sentences_with_source_country", with_country}};
  for (const auto& [cls, rt] : by_class)
    report["by_class"][cls] = {{"right", rt.first}, {"sentences", rt.second}};
  std::cout << report.dump(2) << "\n";
  Floors f;
  f.Check("PLOVER class accuracy", Ratio(right, n), min_class);
  f.Check("PLOVER source country accuracy", Ratio(country_right, with_country), min_country);
  return f.Finish();
}

// The kind of a labelled expression that is no calendar date, "" for
// clock times (newsd reads none).
std::string OtherKind(const std::string& type, const std::string& value) {
  static const std::regex kQuarter(R"(\d{4}-[QH]\d)"), kSeason(R"(\d{4}-(SP|SU|FA|WI))"),
      kDecade(R"(\d{2,3})");
  if (type == "DURATION") return "duration";
  if (type == "SET") return "set";
  if (type != "DATE") return "";
  if (std::regex_match(value, kQuarter)) return "quarter or half";
  if (std::regex_match(value, kSeason)) return "season";
  if (std::regex_match(value, kDecade)) return "decade or century";
  if (value.ends_with("_REF")) return "reference";
  return "other date";
}

int TimeBank(const Extractor& x, const std::vector<json>& docs, bool verbose, double min_date,
             double min_other, const std::string& dump_events) {
  std::ofstream dump;
  if (!dump_events.empty()) dump.open(dump_events);
  static const std::regex kCalendar(R"(\d{4}(-\d\d(-\d\d)?|-W\d\d)?)");
  uint64_t labelled = 0, right = 0, found_wrong = 0, other_labelled = 0, other_right = 0;
  std::map<std::string, std::pair<uint64_t, uint64_t>> by_kind, other_by_kind;
  for (const auto& d : docs) {
    const std::string text = d["text"];
    // The creation date's day (some documents give a time of day too).
    auto ref = ParseRfc3339(d["dct"].get<std::string>().substr(0, 10) + "T00:00:00Z");
    if (!ref) {
      std::cerr << "external_eval: unreadable dct " << d["dct"] << "\n";
      return 2;
    }
    Analysis a = x.Analyze(text, *ref);
    // --dump-events: every event, located by document and byte span (the
    // text stays in shared/eval: the precision sample names, never copies).
    for (const auto& e : a.events) {
      if (!dump.is_open()) break;
      const Span& sp = a.sentences[e.sentence_index];
      dump << json{{"doc", d["doc"]},
                   {"sentence", {sp.begin, sp.end}},
                   {"trigger", e.trigger},
                   {"code", e.code},
                   {"type", e.type},
                   {"source", e.source.canonical},
                   {"source_code", CameoActorCode(e.source)},
                   {"source_role", e.source.role},
                   {"target", e.target.canonical},
                   {"modality", ModalityName(e.modality)},
                   {"negated", e.negated}}
                  .dump()
           << "\n";
    }
    for (const auto& t : d["timexes"]) {
      const std::string value = t["value"];
      if (t["type"] != "DATE" || !std::regex_match(value, kCalendar)) {
        // Beyond the scored calendar dates: quarters, seasons, decades,
        // references, durations and sets, right when an overlapping
        // expression has the same type and TimeML value.
        const std::string type = t["type"];
        const std::string kind = OtherKind(type, value);
        if (kind.empty()) continue;
        const size_t b = ByteOffset(text, t["start"]), e = ByteOffset(text, t["end"]);
        bool ok = false;
        for (const auto& p : a.times)
          ok |= p.span.end > b && p.span.begin < e && p.timeml == value &&
                TimeTypeName(p.type) == type;
        ++other_labelled;
        other_right += ok;
        ++other_by_kind[kind].second;
        other_by_kind[kind].first += ok;
        if (verbose && !ok)
          std::cerr << "OTHER " << kind << " " << t["text"].get<std::string>() << " = " << type
                    << " " << value << "  (dct " << d["dct"].get<std::string>() << ")\n";
        continue;
      }
      ++labelled;
      const std::string kind = value.size() == 4   ? "year"
                               : value.size() == 7 ? "month"
                               : value[5] == 'W'   ? "week"
                                                   : "day";
      ++by_kind[kind].second;
      const size_t b = ByteOffset(text, t["start"]), e = ByteOffset(text, t["end"]);
      bool found = false, ok = false;
      std::string got;
      for (const auto& p : a.times) {
        if (p.span.end <= b || p.span.begin >= e) continue;
        found = true;
        got = p.timeml;
        ok |= p.timeml == value;
      }
      right += ok;
      by_kind[kind].first += ok;
      found_wrong += found && !ok;
      if (verbose && !ok)
        std::cerr << (found ? "WRONG " : "MISSED ") << t["text"].get<std::string>() << " = "
                  << value << (found ? " got " + got : "") << "  (dct "
                  << d["dct"].get<std::string>() << ")\n";
    }
  }
  json report = {{"set", "timebank"},
                 {"documents", docs.size()},
                 {"calendar_dates", labelled},
                 {"value_right", right},
                 {"found_with_wrong_value", found_wrong},
                 {"date_value_accuracy", Ratio(right, labelled)}};
  for (const auto& [kind, rt] : by_kind)
    report["by_kind"][kind] = {{"right", rt.first}, {"labelled", rt.second}};
  report["other_expressions"] = other_labelled;
  report["other_value_accuracy"] = Ratio(other_right, other_labelled);
  for (const auto& [kind, rt] : other_by_kind)
    report["other_by_kind"][kind] = {{"right", rt.first}, {"labelled", rt.second}};
  std::cout << report.dump(2) << "\n";
  Floors f;
  f.Check("TimeBank date value accuracy", Ratio(right, labelled), min_date);
  f.Check("TimeBank other expressions' type and value accuracy", Ratio(other_right, other_labelled),
          min_other);
  return f.Finish();
}

// One JSON line per dictionary verb form in the texts of `records`, with the
// part-of-speech layer's reading; the sentences and tokens are the
// extractor's own (Analyze's spans, Tokenize and SplitClitics).
int VerbForms(const Extractor& x, const Lexicon& lexicon, const std::vector<json>& records) {
  for (const auto& r : records) {
    const std::string text = r["text"];
    const std::string id = r.contains("doc") ? r["doc"] : r["id"];
    const std::string date = r.contains("dct") ? r["dct"] : r["date"];
    auto ref = ParseRfc3339(date.substr(0, 10) + "T00:00:00Z");
    if (!ref) {
      std::cerr << "external_eval: unreadable date " << date << "\n";
      return 2;
    }
    const Analysis a = x.Analyze(text, *ref);
    for (const Span& sp : a.sentences) {
      const std::vector<Token> t =
          SplitClitics(Tokenize(std::string_view(text).substr(sp.begin, sp.end - sp.begin)));
      for (size_t i = 0; i < t.size(); ++i) {
        if (!t[i].word || !lexicon.verbs().IsVerbForm(t[i].lower)) continue;
        std::cout << json{{"doc", id},
                          {"sentence", {sp.begin, sp.end}},
                          {"span", {sp.begin + t[i].span.begin, sp.begin + t[i].span.end}},
                          {"word", t[i].lower},
                          {"verb", lexicon.ReadsAsVerb(t, i)},
                          {"never_action", Lexicon::IsNeverAction(t[i].lower)}}
                         .dump()
                  << "\n";
      }
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto usage = [] {
    std::cerr << "usage: external_eval plover PLOVER.jsonl CAMEO2PLOVER.jsonl DATA_DIR [--verbose]"
                 " [--min-class X] [--min-country X]\n"
                 "       external_eval timebank TIMEBANK.jsonl DATA_DIR [--verbose] [--min-date X]"
                 " [--min-other X]\n"
                 "       external_eval verb-forms SET.jsonl DATA_DIR\n";
    return 2;
  };
  if (argc < 4) return usage();
  const std::string mode = argv[1];
  const int fixed = mode == "plover" ? 5 : 4;  // timebank, verb-forms: 4
  if (argc < fixed) return usage();
  bool verbose = false, no_verbs = false;
  std::string dump_events;
  double min_class = -1, min_country = -1, min_date = -1, min_other = -1;
  // A floor given with a typo must fail loudly, not leave the test a no-op.
  if (!ParseEvalFlags("external_eval", argc, argv, fixed,
                      {.floors = {{"--min-class", &min_class},
                                  {"--min-country", &min_country},
                                  {"--min-date", &min_date},
                                  {"--min-other", &min_other}},
                       .switches = {{"--verbose", &verbose}, {"--no-verb-dictionary", &no_verbs}},
                       .texts = {{"--dump-events", &dump_events}}}))
    return usage();
  if (!std::filesystem::exists(argv[2])) {
    std::cout << "external_eval: " << argv[2] << " is not there; skipped\n";
    return 77;
  }
  const std::string data_dir = argv[fixed - 1];
  auto gaz = LoadGazetteer({data_dir});
  if (!gaz.ok()) {
    std::cerr << "external_eval: " << gaz.status().ToString() << "\n";
    return 2;
  }
  auto lexicon = LoadLexicon({data_dir});
  if (!lexicon.ok()) {
    std::cerr << "external_eval: " << lexicon.status().ToString() << "\n";
    return 2;
  }
  // --no-verb-dictionary: the hand-written trigger table alone (a baseline).
  Extractor x(gaz->get(), no_verbs ? nullptr : lexicon->get());
  if (mode == "plover")
    return Plover(x, ReadJsonLines(argv[2]), ReadJsonLines(argv[3]), verbose, min_class,
                  min_country);
  if (mode == "timebank")
    return TimeBank(x, ReadJsonLines(argv[2]), verbose, min_date, min_other, dump_events);
  if (mode == "verb-forms") return VerbForms(x, **lexicon, ReadJsonLines(argv[2]));
  return usage();
}
