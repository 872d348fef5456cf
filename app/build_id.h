#pragma once
// What identifies this cimsim build: the version, the source's `git describe` at configure time
// and a hash of the running binary itself (/proc/self/exe), so that a rebuilt binary — even
// from the same commit with local edits, without a re-configure — has another id. A resumable
// sweep puts it into every point's key (sweep_points.cpp): points finished by another build are
// run again, never reused.
#include <string>

namespace cimsim::app {

// "0.1.0 v0.1-12-gabcdef0-dirty exe 0123456789abcdef" (computed once per process).
const std::string& build_id();

}  // namespace cimsim::app
