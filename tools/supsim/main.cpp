// supsim: supervision trees simulated event by event. The command line is a table (cli.cpp) run
// by the runner all the tools share.

#include "cli.hpp"

int main(int argc, char** argv) {
    supsim::Options options;
    return toolcommon::run_tool(supsim::tool(options), argc, argv);
}
