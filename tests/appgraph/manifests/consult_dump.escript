#!/usr/bin/env escript
%% Prints what file:consult reads from each FILE, in a canonical notation the term reader's
%% conformance tests print too (atoms and strings as code points, floats with 17 digits, map
%% pairs sorted), one line per file: "FILE<TAB>ok<TAB>TERM<TAB>TERM..." or "FILE<TAB>error".
%% With --otp-apps, the .app files of this OTP installation instead, one line each:
%% "FILE<TAB>TERM<TAB>NAME<TAB>VSN<TAB>APPLICATIONS<TAB>INCLUDED_APPLICATIONS".
%% With --external SEED COUNT DIR, COUNT seeded random terms written with term_to_binary (random
%% options: compressed, minor versions 0 to 2, now and then bytes after the term) to DIR/N.bin,
%% one line each: "FILE<TAB>ok<TAB>TRAILING_BYTES<TAB>TERM", or "FILE<TAB>unsupported" for terms
%% a file cannot hold (pids, references, funs, bitstrings).
%% With --binary FILE..., binary_to_term of each file's bytes: "FILE<TAB>ok<TAB>TERM".

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
main(["--external", Seed, Count, Dir]) ->
    rand:seed(exsss, list_to_integer(Seed)),
    lists:foreach(fun(I) -> external(Dir, I) end, lists:seq(1, list_to_integer(Count)));
main(["--binary" | Files]) ->
    lists:foreach(
      fun(F) ->
              {ok, Bin} = file:read_file(F),
              io:format("~ts\tok\t~ts~n", [F, c(binary_to_term(Bin))])
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

external(Dir, I) ->
    File = filename:join(Dir, integer_to_list(I) ++ ".bin"),
    Options = pick([[], [], [compressed], [{compressed, 9}], [{minor_version, 0}],
                    [{minor_version, 1}], [{minor_version, 2}], [compressed, {minor_version, 0}]]),
    case rand:uniform(12) of
        1 ->
            ok = file:write_file(File, term_to_binary(unsupported(), Options)),
            io:format("~ts\tunsupported~n", [File]);
        _ ->
            T = random_term(0),
            Trailing = pick([<<>>, <<>>, <<>>, <<>>, <<0>>, <<"junk">>]),
            ok = file:write_file(File, [term_to_binary(T, Options), Trailing]),
            io:format("~ts\tok\t~b\t~ts~n", [File, byte_size(Trailing), c(T)])
    end.

pick(L) -> lists:nth(rand:uniform(length(L)), L).

unsupported() ->
    pick([self(), make_ref(), fun() -> ok end, fun lists:map/2, <<1:3>>, <<7, 1:5>>,
          hd(erlang:ports()), {ok, [self()]}]).

random_term(Depth) when Depth > 4 -> scalar();
random_term(Depth) ->
    case rand:uniform(12) of
        N when N =< 4 -> scalar();
        %% Large tuples and maps hold scalars only, so the size of a term stays small.
        5 -> list_to_tuple([random_term(Depth + 1) || _ <- lists:seq(1, pick([0, 1, 2, 3]))]);
        6 -> [random_term(Depth + 1) || _ <- lists:seq(1, pick([0, 1, 2, 4]))];
        7 -> [random_term(Depth + 1) | scalar()];
        8 -> maps:from_list([{random_term(Depth + 1), random_term(Depth + 1)}
                             || _ <- lists:seq(1, pick([0, 1, 3]))]);
        11 -> list_to_tuple([scalar() || _ <- lists:seq(1, 300)]);
        12 -> maps:from_list([{I, scalar()} || I <- lists:seq(1, 40)]);
        9 -> pick(["", "abc", lists:seq(0, 255), lists:duplicate(70000, $a), [9786, 97],
                   [1, 2 | "tail"], "caf\x{e9}"]);
        10 -> {script, {"rel", "1.0"}, [{apply, {application, start_boot, [kernel, permanent]}}]}
    end.

scalar() ->
    pick([a, ok, '', 'caf\x{e9}', '\x{263A}', 'with space', list_to_atom(lists:duplicate(255, $x)),
          list_to_atom(lists:duplicate(255, 9786)),
          0, 1, 255, 256, -1, 2147483647, -2147483648, 2147483648, 1 bsl 62, 1 bsl 63,
          -(1 bsl 63), -(1 bsl 63) - 1, 1 bsl 64, 12345678901234567890123456789,
          -(1 bsl 300), rand:uniform(1 bsl 40) - (1 bsl 39),
          0.0, 1.5, -3.25e-300, 6.02214076e23, 1.0e300, rand:uniform(),
          <<>>, <<1, 2, 3>>, <<"bin">>, crypto_free_bytes(rand:uniform(20))]).

crypto_free_bytes(N) -> list_to_binary([rand:uniform(256) - 1 || _ <- lists:seq(1, N)]).
