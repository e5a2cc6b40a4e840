{application,ssl,
 [{description,"Erlang/OTP SSL application"},
  {vsn,"10.8.7"},
  {modules,[ssl]},
  {registered,[]},
  {applications,[kernel,stdlib,crypto,public_key]},
  {mod,{ssl_app,[]}}]}.
