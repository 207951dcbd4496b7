// The event taxonomy: CAMEO-compatible action codes newsd emits, with their
// names. Codes are CAMEO's (three digits, the first two the root class), so
// downstream tools built for GDELT read them unchanged. docs/event-taxonomy.md
// lists them with the words that signal each; the version names this table
// and is published with every event.
#pragma once

#include <span>
#include <string_view>

namespace newsd {

// Bumped when a code's meaning changes or codes are removed; adding codes or
// trigger words keeps the version.
inline constexpr std::string_view kTaxonomyVersion = "newsd-cameo/1";

struct ActionType {
  std::string_view code;  // "040"
  std::string_view name;  // "consult"
  // A meets B is B meets A: the two actors may be stored either way round.
  bool symmetric = false;
  // The event is only coded when the sentence names whom it acts on.
  bool needs_target = false;
};

// Every action type, by code. Includes the twenty root classes ("010" ...
// "200") whether or not a trigger maps to them directly.
std::span<const ActionType> ActionTypes();

// The type for a code, or nullptr.
const ActionType* FindActionType(std::string_view code);

// The type for a code of any CAMEO depth: "0231" is "023"'s, an unlisted
// "0X9" its root's "0X0"; nullptr when the root is unknown.
const ActionType* FindActionTypeOrParent(std::string_view code);

// "04" for "043": the CAMEO root class.
inline std::string_view RootClass(std::string_view code) { return code.substr(0, 2); }

}  // namespace newsd
