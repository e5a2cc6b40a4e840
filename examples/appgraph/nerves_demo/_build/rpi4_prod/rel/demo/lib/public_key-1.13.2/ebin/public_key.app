{application,public_key,
 [{description,"Public key infrastructure"},
  {vsn,"1.13.2"},
  {modules,[public_key]},
  {registered,[]},
  {applications,[asn1,crypto,kernel,stdlib]}]}.
