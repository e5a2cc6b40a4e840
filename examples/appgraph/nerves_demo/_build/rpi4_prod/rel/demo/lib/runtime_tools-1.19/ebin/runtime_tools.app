{application,runtime_tools,
 [{description,"RUNTIME_TOOLS"},
  {vsn,"1.19"},
  {modules,[dbg]},
  {registered,[]},
  {applications,[kernel,stdlib]},
  {mod,{runtime_tools,[]}}]}.
