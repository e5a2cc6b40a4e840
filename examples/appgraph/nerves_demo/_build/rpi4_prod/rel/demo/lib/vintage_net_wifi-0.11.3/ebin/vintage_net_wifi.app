{application,vintage_net_wifi,
 [{description,"WiFi networking for VintageNet"},
  {vsn,"0.11.3"},
  {modules,['Elixir.VintageNetWiFi']},
  {registered,[]},
  {applications,[kernel,stdlib,elixir,vintage_net]}]}.
