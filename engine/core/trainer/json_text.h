#pragma once

#include <string>
#include <string_view>

namespace everynet::engine::trainer {

// The trainer writes its few lines of JSON by hand: it links nothing but LibTorch.
// A JSON string: quoted, with quotes, backslashes and control characters escaped.
std::string jsonString(std::string_view text);
// A JSON number with six significant digits; null for NaN and infinities, which JSON lacks.
std::string jsonNumber(double value);

}  // namespace everynet::engine::trainer
