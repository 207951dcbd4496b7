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

// The codes the extractor's rules name (docs/event-taxonomy.md has them all).
namespace cameo {
inline constexpr std::string_view kMakeStatement = "010";
inline constexpr std::string_view kDeclineComment = "011";
inline constexpr std::string_view kIntentToCooperate = "030";
inline constexpr std::string_view kIntentMaterialCooperation = "031";
inline constexpr std::string_view kIntentDiplomaticCooperation = "032";
inline constexpr std::string_view kIntentToProvideAid = "033";
inline constexpr std::string_view kIntentToYield = "035";
inline constexpr std::string_view kIntentToMeet = "036";
inline constexpr std::string_view kMakeVisit = "042";
inline constexpr std::string_view kHostVisit = "043";
inline constexpr std::string_view kMediate = "045";
inline constexpr std::string_view kProvideAid = "070";
inline constexpr std::string_view kDemand = "100";
inline constexpr std::string_view kComplainOfficially = "114";
inline constexpr std::string_view kReject = "120";
inline constexpr std::string_view kYield = "080";
inline constexpr std::string_view kLeadershipChange = "083";
inline constexpr std::string_view kDeescalateMilitarily = "087";
inline constexpr std::string_view kRetreatOrSurrender = "0874";
inline constexpr std::string_view kRefuseToYield = "124";
inline constexpr std::string_view kRejectMeeting = "125";
inline constexpr std::string_view kThreatenNonForce = "131";
inline constexpr std::string_view kThreatenDissent = "133";
inline constexpr std::string_view kThreatenToHaltTalks = "134";
inline constexpr std::string_view kThreatenRepression = "137";
inline constexpr std::string_view kThreatenForce = "138";
inline constexpr std::string_view kDissent = "140";
inline constexpr std::string_view kDemonstrate = "141";
inline constexpr std::string_view kHungerStrike = "142";
inline constexpr std::string_view kStrikeOrBoycott = "143";
inline constexpr std::string_view kRiot = "145";
inline constexpr std::string_view kBreakRelations = "161";
inline constexpr std::string_view kViolentRepression = "175";
inline constexpr std::string_view kUnconventionalViolence = "180";
inline constexpr std::string_view kNonMilitaryBombing = "183";
inline constexpr std::string_view kArtillery = "194";
inline constexpr std::string_view kAerialWeapons = "195";
inline constexpr std::string_view kHaltNegotiations = "164";
inline constexpr std::string_view kExpelOrWithdraw = "166";
inline constexpr std::string_view kUseForce = "190";
inline constexpr std::string_view kOccupyTerritory = "192";
}  // namespace cameo

// "04" for "043": the CAMEO root class.
inline std::string_view RootClass(std::string_view code) { return code.substr(0, 2); }

}  // namespace newsd
