{application, tools, [{description, "tools"}, {vsn, "2.0"}, {modules, []}, {registered, []}, {applications, [kernel, stdlib]}]}.
