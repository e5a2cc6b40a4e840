{application,compiler,
 [{description,"ERTS  CXC 138 10"},
  {vsn,"8.2.3"},
  {modules,[compile]},
  {registered,[]},
  {applications,[kernel,stdlib]}]}.
