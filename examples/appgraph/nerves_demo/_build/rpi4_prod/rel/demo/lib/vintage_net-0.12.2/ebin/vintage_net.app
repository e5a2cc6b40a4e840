{application,vintage_net,
 [{description,"Network configuration and management for Nerves"},
  {vsn,"0.12.2"},
  {modules,['Elixir.VintageNet']},
  {registered,[]},
  {applications,[kernel,stdlib,elixir,logger,crypto,beam_notify,muontrap,property_table]},
  {mod,{'Elixir.VintageNet.Application',[]}}]}.
