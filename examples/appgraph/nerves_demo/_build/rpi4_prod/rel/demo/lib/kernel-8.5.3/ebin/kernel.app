{application,kernel,
 [{description,"ERTS  CXC 138 10"},
  {vsn,"8.5.3"},
  {modules,[application,code,kernel]},
  {registered,[]},
  {applications,[]},
  {mod,{kernel,[]}}]}.
