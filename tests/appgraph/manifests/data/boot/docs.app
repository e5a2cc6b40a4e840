{application, docs, [{description, "docs"}, {vsn, "0.1"}, {modules, []}, {registered, []}, {applications, [kernel]}]}.
