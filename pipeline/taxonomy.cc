#include "pipeline/taxonomy.h"

#include <algorithm>

namespace newsd {
namespace {

// Sorted by code. Names follow CAMEO 1.1b3 (Schrodt 2012), shortened.
constexpr ActionType kTypes[] = {
    {"010", "make public statement", false, false},
    {"020", "make an appeal or request", false, false},
    {"030", "express intent to cooperate", true, false},
    {"036", "express intent to meet or negotiate", false, true},
    {"040", "consult", true, true},
    {"042", "make a visit", false, true},
    {"043", "host a visit", false, true},
    {"046", "engage in negotiation", true, true},
    {"050", "engage in diplomatic cooperation", true, true},
    {"051", "praise or endorse", false, true},
    {"054", "grant diplomatic recognition", false, true},
    {"057", "sign formal agreement", true, false},
    {"060", "engage in material cooperation", true, true},
    {"062", "cooperate militarily", true, false},
    {"070", "provide aid", false, true},
    {"071", "provide economic aid", false, true},
    {"080", "yield", false, false},
    {"081", "ease administrative sanctions or call off action", false, false},
    {"083", "accede to demands for change in leadership", false, false},
    {"084", "return, release person(s)", false, false},
    {"087", "de-escalate military engagement (truce, ceasefire)", true, false},
    {"090", "investigate", false, true},
    {"100", "demand", false, true},
    {"110", "disapprove", false, false},
    {"111", "criticize or denounce", false, false},
    {"112", "accuse", false, true},
    {"115", "bring lawsuit against", false, true},
    {"120", "reject", false, false},
    {"130", "threaten", false, false},
    {"140", "engage in political dissent", false, false},
    {"143", "conduct strike or boycott", false, false},
    {"145", "protest violently, riot", false, false},
    {"150", "exhibit military posture", false, false},
    {"160", "reduce relations", false, true},
    {"161", "reduce or break diplomatic relations", false, true},
    {"162", "reduce or stop material aid", false, true},
    {"163", "impose embargo, boycott or sanctions", false, true},
    {"164", "halt negotiations", false, false},
    {"166", "expel or withdraw", false, true},
    {"170", "coerce", false, false},
    {"171", "seize or damage property", false, false},
    {"172", "impose administrative sanctions", false, false},
    {"173", "arrest, detain or charge with legal action", false, false},
    {"174", "expel or deport individuals", false, true},
    {"175", "use tactics of violent repression", false, false},
    {"180", "use unconventional violence", false, true},
    {"181", "abduct, hijack or take hostage", false, false},
    {"186", "assassinate", false, true},
    {"190", "use conventional military force", false, false},
    {"192", "occupy territory", false, false},
    {"194", "fight with artillery and tanks", false, false},
    {"195", "employ aerial weapons", false, false},
    {"200", "use unconventional mass violence", false, false},
    {"202", "engage in mass killings", false, false},
};

}  // namespace

std::span<const ActionType> ActionTypes() { return kTypes; }

const ActionType* FindActionType(std::string_view code) {
  auto it = std::lower_bound(std::begin(kTypes), std::end(kTypes), code,
                             [](const ActionType& t, std::string_view c) { return t.code < c; });
  return it != std::end(kTypes) && it->code == code ? &*it : nullptr;
}

}  // namespace newsd
