#pragma once

namespace everynet::test {

// A TCP port on 127.0.0.1 that was free a moment ago: the kernel picks it for a bound socket that
// is closed again. Another process may take it before the caller binds it; tests accept that race.
int freeTcpPort();

}  // namespace everynet::test
