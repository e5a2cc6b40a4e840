{application, capdemo,
 [{description, "supsim capture test application: nested strategies, significant children, simple_one_for_one"},
  {vsn, "1.0.0"},
  {modules, [capdemo_app, capdemo_sup, capdemo_worker]},
  {registered, [capdemo_sup]},
  {applications, [kernel, stdlib]},
  {mod, {capdemo_app, []}}]}.
