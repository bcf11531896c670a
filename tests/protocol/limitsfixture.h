#pragma once

// Shared set-up of the tst_limits* tests (message and frame limits, accept and back-pressure,
// unsent backlog): the test peers, the units and the close code of a session error.
#include "testpeers.h"
#include "testutil.h"
#include "trusttestutil.h"

#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace sws;
using namespace testpeers;

namespace limitsfixture {

inline constexpr qint64 KiB = 1024;
inline constexpr qint64 MiB = 1024 * KiB;

inline int code(SessionError e) {
    return int(closeCodeFor(e));
}

} // namespace limitsfixture

using namespace limitsfixture;
