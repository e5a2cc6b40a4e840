#!/usr/bin/env escript
%% Prints what file:consult reads from each FILE, in a canonical notation the term reader's
%% conformance tests print too (atoms and strings as code points, floats with 17 digits, map
%% pairs sorted), one line per file: "FILE<TAB>ok<TAB>TERM<TAB>TERM..." or "FILE<TAB>error".
%% With --otp-apps, the .app files of this OTP installation instead, one line each:
%% "FILE<TAB>TERM<TAB>NAME<TAB>VSN<TAB>APPLICATIONS<TAB>INCLUDED_APPLICATIONS".

main(["--otp-apps"]) ->
    Files = lists:sort(filelib:wildcard(code:lib_dir() ++ "/*/ebin/*.app")),
    lists:foreach(
      fun(F) ->
              {ok, [{application, N, Opts} = T | _]} = file:consult(F),
              Fields = [T, N, proplists:get_value(vsn, Opts),
                        proplists:get_value(applications, Opts, []),
                        proplists:get_value(included_applications, Opts, [])],
              io:format("~ts\t~ts~n", [F, lists:join("\t", [lists:flatten(c(X)) || X <- Fields])])
      end, Files);
main(Files) ->
    lists:foreach(
      fun(F) ->
              %% file:consult itself crashes on some invalid inputs: a rejection too.
              case catch file:consult(F) of
                  {ok, Terms} ->
                      io:format("~ts\tok~ts~n", [F, [["\t", c(T)] || T <- Terms]]);
                  _ ->
                      io:format("~ts\terror~n", [F])
              end
      end, Files).

join(L) -> lists:join(",", L).
codes(L) -> join([integer_to_list(X) || X <- L]).

c(T) when is_atom(T) -> ["'", codes(atom_to_list(T)), "'"];
c(T) when is_integer(T) -> integer_to_list(T);
c(T) when is_float(T) -> float_to_list(T, [{scientific, 17}]);
c(T) when is_binary(T) -> ["<<", codes(binary_to_list(T)), ">>"];
c(T) when is_tuple(T) -> ["{", join([c(X) || X <- tuple_to_list(T)]), "}"];
c(T) when is_map(T) ->
    ["#{", join(lists:sort([lists:flatten([c(K), "=>", c(V)]) || {K, V} <- maps:to_list(T)])), "}"];
c(T) when is_list(T) -> list(T, []).

list([H | R], Acc) -> list(R, [c(H) | Acc]);
list([], Acc) -> ["[", join(lists:reverse(Acc)), "]"];
list(Tail, Acc) -> ["[", join(lists:reverse(Acc)), "|", c(Tail), "]"].
