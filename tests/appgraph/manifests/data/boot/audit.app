{application, audit, [{description, "audit"}, {vsn, "1.1"}, {modules, []}, {registered, []}, {applications, [kernel, stdlib, web_cache]}]}.
