{application,uboot_env,
 [{description,"Read and write to U-Boot environment blocks"},
  {vsn,"1.0.1"},
  {modules,['Elixir.UBootEnv']},
  {registered,[]},
  {applications,[kernel,stdlib,elixir]}]}.
