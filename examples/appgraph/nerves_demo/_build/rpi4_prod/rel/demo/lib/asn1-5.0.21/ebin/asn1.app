{application,asn1,
 [{description,"The Erlang ASN1 compiler version 5.0.21"},
  {vsn,"5.0.21"},
  {modules,[asn1rt_nif]},
  {registered,[]},
  {applications,[kernel,stdlib]}]}.
