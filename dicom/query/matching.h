#pragma once

#include <string>
#include <string_view>

#include "dicom/query/query_request.h"

namespace everynet::dicom {

// Matching of C-FIND keys against stored values (PS3.4 C.2.2.2), on UTF-8 strings. Pure.
//
// Case: values are compared as they are, except Person Names (PN), which are compared without
// regard to case (PS3.4 leaves PN implementation-defined; a PACS user typing "mueller" means
// "MUELLER"). Case folding covers ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic.
// A person name with component groups ("alphabetic=ideographic=phonetic") matches a key without
// '=' when its whole value or its alphabetic group matches.

// How `value` (UTF-8) of an attribute of this VR matches: zero length or "*" universal; a
// backslash list; a DA/TM/DT value with '-' a range; '*' or '?' in a VR that allows wildcards
// (not DA, TM, DT, UI, numbers) wildcard; else single value.
MatchKind matchKindOf(std::string_view vr, std::string_view value);

// True when the stored value (UTF-8, multiple values joined by '\') matches the key. A stored
// multi-valued attribute matches when one of its values does.
bool matches(const QueryKey& key, std::string_view stored);

// '*' matches any run of characters (also none), '?' exactly one character (not one byte).
bool wildcardMatches(std::string_view pattern, std::string_view value, bool ignore_case);

// Range matching of DA or TM values: "low-high", "low-" or "-high", both ends included. A TM
// bound of lower precision covers its whole span ("-0900" includes 09:00:59). Empty stored
// values do not match a range.
bool rangeMatches(std::string_view vr, std::string_view range, std::string_view stored);

// Lower-case form for comparing without regard to case (see above).
std::u32string foldCase(std::string_view utf8);

}  // namespace everynet::dicom
