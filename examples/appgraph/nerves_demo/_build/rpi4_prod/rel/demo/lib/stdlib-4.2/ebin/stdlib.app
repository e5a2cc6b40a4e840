{application,stdlib,
 [{description,"ERTS  CXC 138 10"},
  {vsn,"4.2"},
  {modules,[lists,maps,gen_server]},
  {registered,[]},
  {applications,[kernel]}]}.
