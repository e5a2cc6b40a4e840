#!/usr/bin/env escript
%% The oracle of the ensure_all_started conformance test. Each line of FILE is DIR<TAB>ROOT:
%% DIR/lib/<app>/ebin/<app>.app are loadable applications without a callback module (so starting
%% one does nothing but mark it started). Adds their ebin directories to the code path, calls
%% application:ensure_all_started(ROOT), prints the result, then stops and unloads everything and
%% restores the path, so the next case starts clean. One line per case:
%%   DIR<TAB>ok<TAB>started,apps      or      DIR<TAB>error<TAB>app
-mode(compile).

main([File]) ->
    {ok, Bin} = file:read_file(File),
    Lines = [binary_to_list(L) || L <- binary:split(Bin, <<"\n">>, [global]), L =/= <<>>],
    lists:foreach(fun run/1, Lines).

run(Line) ->
    [Dir, Root] = string:split(Line, "\t"),
    Ebins = filelib:wildcard(Dir ++ "/lib/*/ebin"),
    ok = code:add_pathsa(Ebins),
    case application:ensure_all_started(list_to_atom(Root)) of
        {ok, Started} ->
            io:format("~s\tok\t~s~n", [Dir, names(Started)]),
            [application:stop(A) || A <- lists:reverse(Started)];
        {error, {App, _Reason}} ->
            io:format("~s\terror\t~s~n", [Dir, atom_to_list(App)])
    end,
    Mine = [list_to_atom(filename:basename(filename:dirname(E))) || E <- Ebins],
    [application:unload(A) || A <- Mine],
    [code:del_path(E) || E <- Ebins],
    ok.

names(L) -> string:join([atom_to_list(A) || A <- L], ",").
