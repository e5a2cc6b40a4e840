{application,crypto,
 [{description,"CRYPTO"},
  {vsn,"5.1.2"},
  {modules,[crypto]},
  {registered,[]},
  {applications,[kernel,stdlib]}]}.
