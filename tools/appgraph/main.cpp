// appgraph: OTP release start order and explanations. The command line is a table (cli.cpp) run
// by the runner all the tools share.

#include <malloc.h>

#include "cli.hpp"

int main(int argc, char** argv) {
#ifdef M_MMAP_THRESHOLD
    // A large release is loaded through a series of arrays with one element per application,
    // each freed as the next is built. Kept in the heap rather than returned to the system, the
    // freed memory is reused instead of being faulted in again page by page (on 10,000
    // applications, a third of the page faults).
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
    appgraph_cli::Options options;
    return toolcommon::run_tool(appgraph_cli::tool(options), argc, argv);
}
