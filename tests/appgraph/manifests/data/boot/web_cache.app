{application, web_cache, [{description, "web_cache"}, {vsn, "1.0.0"}, {modules, []}, {registered, []}, {applications, [kernel, stdlib]}]}.
