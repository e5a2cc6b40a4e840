{application,sasl,
 [{description,"SASL  CXC 138 11"},
  {vsn,"4.2"},
  {modules,[sasl,release_handler]},
  {registered,[]},
  {applications,[kernel,stdlib]},
  {mod,{sasl,[]}}]}.
