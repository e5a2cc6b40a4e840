// The one diagnostic model of libappgraph: how a place is described, how the collector keeps or
// throws, its bound on a huge input, and the enum name tables (each name parses back to its
// value, no name twice).

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "libappgraph/diagnostic.hpp"
#include "libappgraph/model.hpp"

using appgraph::Diagnostic;
using appgraph::DiagnosticError;
using appgraph::DiagnosticKind;
using appgraph::Diagnostics;
using appgraph::SourceLocation;

namespace {

// Every value of a named enum parses back from its printed name, and no two share a name.
template <typename E>
void check_table() {
    std::set<std::string> seen;
    for (const auto& entry : enum_names(E{})) {
        CAPTURE(entry.name);
        CHECK(seen.insert(entry.name).second);
        CHECK(std::string(appgraph::to_string(entry.value)) == entry.name);
        CHECK(appgraph::from_string<E>(entry.name) == entry.value);
    }
    CHECK_FALSE(appgraph::from_string<E>("no such name").has_value());
}

}  // namespace

TEST_CASE("a place is file:line:column, or a file and a JSON path") {
    CHECK(appgraph::describe({"a.app", 3, 7, {}}) == "a.app:3:7");
    CHECK(appgraph::describe({"a.rel", 3, 0, {}}) == "a.rel:3");
    CHECK(appgraph::describe({"m.json", 0, 0, "applications[2].vsn"}) ==
          "m.json: applications[2].vsn");
    CHECK(appgraph::describe({"dir", 0, 0, {}}) == "dir");
    CHECK(appgraph::describe({}).empty());
    Diagnostic d =
        appgraph::make_error(DiagnosticKind::bad_app, {"a.app", 1, 2, {}}, "wrong", "x\n ^", {"a"});
    CHECK(appgraph::format_diagnostic(d) == "a.app:1:2: wrong\nx\n ^");
    CHECK(std::string(DiagnosticError(d).what()) == "a.app:1:2: wrong");
}

TEST_CASE("the collector: collect all, or stop at the first error") {
    Diagnostics all;
    all.warning(DiagnosticKind::shadowed_app, {"a.app", 1, 1, {}}, "shadowed");
    all.error(DiagnosticKind::bad_app, {"b.app", 1, 1, {}}, "first");
    all.error(DiagnosticKind::bad_app, {"c.app", 1, 1, {}}, "second");
    CHECK(all.all().size() == 3);
    CHECK(all.error_count() == 2);
    CHECK(all.warning_count() == 1);
    CHECK_FALSE(all.ok());

    Diagnostics first(Diagnostics::Mode::stop_at_first);
    first.warning(DiagnosticKind::shadowed_app, {}, "kept");
    CHECK_THROWS_WITH_AS(first.error(DiagnosticKind::bad_rel, {"r.rel", 2, 3, {}}, "stop here"),
                         "r.rel:2:3: stop here", DiagnosticError);
    CHECK(first.all().size() == 1);  // the warning
    CHECK(first.error_count() == 1);
}

TEST_CASE("the collector keeps a bounded number of diagnostics and counts the rest") {
    Diagnostics bounded(Diagnostics::Mode::collect_all, 3);
    for (int i = 0; i < 10; ++i) bounded.error(DiagnosticKind::bad_event, {}, "e");
    CHECK(bounded.all().size() == 3);
    CHECK(bounded.not_kept() == 7);
    CHECK(bounded.error_count() == 10);
}

TEST_CASE("every name table prints and parses from the same names") {
    check_table<DiagnosticKind>();
    check_table<appgraph::Severity>();
    check_table<appgraph::StartType>();
    CHECK(appgraph::names_in<appgraph::StartType>(" or ") ==
          "permanent, transient, temporary, load or none");
    // The kinds keep systools' error names.
    CHECK(std::string(appgraph::to_string(DiagnosticKind::circular_dependencies)) ==
          "circular_dependencies");
    CHECK(std::string(appgraph::to_string(DiagnosticKind::vsn_mismatch)) == "vsn_mismatch");
}

TEST_CASE("make_snippet: the line and a caret under the column, in characters, tabs kept") {
    CHECK(appgraph::make_snippet("ab\n\tc\xC3\xA9x\n", 2, 4) == "\tc\xC3\xA9x\n\t  ^");
    CHECK(appgraph::make_snippet("one line", 3, 1).empty());
}
