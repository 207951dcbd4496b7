// HTML to clean text (gumbo). Entities are decoded, <script>, <style> and
// similar are dropped, whitespace is collapsed, and block elements (p, div,
// br, li, headings, ...) become paragraph breaks: paragraphs are joined by
// "\n\n". Plain text (no tags) passes through with entities decoded.
// Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace newsd {

std::string HtmlToText(std::string_view html);

// The same, always through gumbo. HtmlToText converts simple markup
// (paragraphs, lists, headings, inline formatting, common entities) in one
// linear pass with the same result, and hands everything else to gumbo;
// this entry point exists so tests can check the two agree.
std::string HtmlToTextWithGumbo(std::string_view html);
// The linear pass alone: nullopt for markup it leaves to gumbo. For tests
// (how much of the input the fast path takes) and benchmarks.
std::optional<std::string> HtmlToTextFastPath(std::string_view html);

// Runs of spaces, tabs and newlines become one space; trimmed. For text that
// carries no markup.
std::string CollapseWhitespace(std::string_view text);

}  // namespace newsd
