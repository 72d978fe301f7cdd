// Splitting an interactive line into arguments exactly as redis-cli does (sdssplitargs in
// Redis's sds.c): arguments are separated by blanks; "double quotes" take the escapes \n \r
// \t \b \a \xHH (two hex digits) and \<any> for the character itself; 'single quotes' take
// only \' ; a quote may open in the middle of an argument (ab"c d" is `abc d`), but a closing
// quote must be followed by a blank or the end of the line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sdsim::storage::redis {

// The arguments, or nullopt for unbalanced quotes or a closing quote followed by a
// non-blank (redis-cli then prints "Invalid argument(s)").
std::optional<std::vector<std::string>> split_command_line(std::string_view line);

}  // namespace sdsim::storage::redis
