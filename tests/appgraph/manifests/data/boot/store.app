{application, store, [{description, "store"}, {vsn, "0.3.1"}, {modules, [store]}, {registered, []}, {applications, [kernel, stdlib]}]}.
