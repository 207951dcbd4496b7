// The country of an actor the sentence places without naming it: "hardline
// fundamentalists began a hunger strike to press the Peruvian president",
// "dock workers stopped work at Chilean ports".
// Event coders give such domestic actors the country the report is about;
// newsd does so only for unnamed groups and parties, only where one
// country is all the sentence names (or where the act took place), and
// never for statements and meetings, whose speakers and guests are as
// often foreign as not.
#include <string>
#include <string_view>

#include "common/ascii.h"
#include "pipeline/event_roles.h"
#include "pipeline/taxonomy.h"
#include "pipeline/words.h"

namespace newsd {

namespace {

// An actor that may take the country of its report: a group named by what
// it is ("rebels", "refugees", "hardline fundamentalists"), or a party or
// movement named without one ("the Liberty party"). People and companies
// speak and trade abroad too often to be placed by the news around them.
bool TakesContextCountry(const Entity& e) {
  if (e.empty() || !e.country.empty() || !e.code.empty()) return false;
  if (e.type == EntityType::kGroup) return true;
  if (e.type != EntityType::kOrganisation) return false;
  const std::string name = AsciiLower(e.canonical);
  for (std::string_view w : {" party", " front", " movement", " league", " union"})
    if (name.size() > w.size() && name.ends_with(w)) return true;
  return false;
}

// Codes whose source is as likely a foreigner as not: statements and
// comments (01), meetings and visits (04).
bool SpeakerOrGuest(std::string_view code) {
  const std::string_view root = RootClass(code);
  return root == "01" || root == "04";
}

// Force against another (15-20): attackers cross borders, so only where the
// act took place says whose they are.
bool CrossesBorders(std::string_view code) {
  const std::string_view root = RootClass(code);
  return root == "15" || root == "17" || root == "18" || root == "19" || root == "20";
}

}  // namespace

void EventReader::AssignContextCountry(const SentenceInfo& s, EventMention& m) const {
  if (!TakesContextCountry(m.source) || SpeakerOrGuest(m.code)) return;
  std::string country = m.location.country;
  if (country.empty() && !CrossesBorders(m.code)) {
    // Every country the sentence names, by a name, a place, a person of it
    // or an adjective ("Peruvian President Ollanta Humala", "Chilean"):
    // one, or none is taken.
    auto note = [&](const std::string& c) {
      if (c.empty()) return true;
      if (country.empty()) country = c;
      return country == c;
    };
    bool one = true;
    for (const Found& f : s.entities) one = one && note(f.entity.country);
    const auto& t = s.tokens;
    for (size_t k = 0; k < t.size() && one; ++k) {
      if (!t[k].word || !t[k].capitalized) continue;
      const NameMatch nm = g_.MatchName(t, k);
      if (!nm.entry) continue;
      one = note(nm.entry->country);
      k += nm.length - 1;
    }
    if (!one) return;
  }
  if (!country.empty()) m.source.country = country;
}

}  // namespace newsd
