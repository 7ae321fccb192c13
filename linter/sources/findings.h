// What the sources say about inputs: every finding kind raised under
// sources/, with its help text. Raised through base::finding(kKind, ...).
#pragma once

#include <array>

#include "base/catalogue.h"

namespace wasmsize::sources {

using base::FindingKind;
using model::Severity;

inline constexpr FindingKind kMalformedArchive{
    "input.malformed-archive", Severity::kError,
    "A wheel or zip that is not a readable zip archive."};
inline constexpr FindingKind kUnsafePath{
    "input.unsafe-path", Severity::kError,
    "An archive entry with an absolute path or a '..' component."};
inline constexpr FindingKind kDuplicateEntry{"input.duplicate-entry", Severity::kError,
                                             "An archive entry name that appears more than once."};
inline constexpr FindingKind kCaseCollision{
    "input.case-collision", Severity::kWarning,
    "Two archive entries whose names differ only in letter case."};
inline constexpr FindingKind kEncryptedEntry{"input.encrypted-entry", Severity::kError,
                                             "An encrypted archive entry."};
inline constexpr FindingKind kSizeMismatch{
    "input.size-mismatch", Severity::kError,
    "An entry that inflates to another size than it declares."};
inline constexpr FindingKind kCorruptEntry{"input.corrupt-entry", Severity::kError,
                                           "An entry that cannot be inflated."};
inline constexpr FindingKind kInflateLimit{
    "input.inflate-limit", Severity::kError,
    "An entry over the size, ratio (zip bomb) or total inflate limits."};
inline constexpr FindingKind kNestedArchive{
    "input.nested-archive", Severity::kWarning,
    "An archive inside an archive: counted as one file, its modules are not measured."};
inline constexpr FindingKind kMissingEntry{
    "input.missing-entry", Severity::kError,
    "An archive member named on the command line that the archive does not hold."};
inline constexpr FindingKind kNotWasm{"input.not-wasm", Severity::kWarning,
                                      "A .wasm or .so input file that is not WebAssembly."};
inline constexpr FindingKind kUnreadable{"input.unreadable", Severity::kError,
                                         "An input that cannot be read."};

inline constexpr std::array kFindingKinds = {kMalformedArchive, kUnsafePath,    kDuplicateEntry,
                                             kEncryptedEntry,   kSizeMismatch,  kCorruptEntry,
                                             kInflateLimit,     kNestedArchive, kMissingEntry,
                                             kNotWasm,          kUnreadable};

}  // namespace wasmsize::sources
