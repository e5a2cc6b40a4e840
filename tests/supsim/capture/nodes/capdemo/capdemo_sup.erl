%% A supervisor whose flags and child specs are its start argument.
-module(capdemo_sup).
-behaviour(supervisor).
-export([start_link/1, start_link/2, init/1]).

start_link(Tree) -> supervisor:start_link(?MODULE, Tree).
start_link(Name, Tree) -> supervisor:start_link(Name, ?MODULE, Tree).

init({Flags, Children}) -> {ok, {Flags, Children}}.
