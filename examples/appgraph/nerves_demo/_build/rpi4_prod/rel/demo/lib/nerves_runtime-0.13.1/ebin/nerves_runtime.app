{application,nerves_runtime,
 [{description,"Small, general runtime libraries and utilities for Nerves devices"},
  {vsn,"0.13.1"},
  {modules,['Elixir.Nerves.Runtime']},
  {registered,[]},
  {applications,[kernel,stdlib,elixir,logger,uboot_env,nerves_logging]},
  {optional_applications,[nerves_logging]},
  {mod,{'Elixir.Nerves.Runtime.Application',[]}}]}.
