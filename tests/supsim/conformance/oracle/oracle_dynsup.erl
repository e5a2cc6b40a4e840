%% The callback module of a real Elixir DynamicSupervisor in an oracle case (a tree node
%% with "dynamic": true). Like an Elixir module-based supervisor, init/1 ends with
%% DynamicSupervisor.init/1 and passes only the options written in the tree, so
%% Elixir's own defaults apply (max_restarts 3, max_seconds 5, max_children infinity).
%%
%% Children are started with DynamicSupervisor.start_child/2 by the case driver; their
%% start function is oracle_sup:start_dynamic/3..5, which drops the extra_arguments the
%% supervisor prepends.
-module(oracle_dynsup).

-export([start_link/4, child_spec/3, init/1]).

start_link(Ctx, Path, Spec, Parent) ->
    'Elixir.DynamicSupervisor':start_link(?MODULE, {Ctx, Path, Spec, Parent}, []).

init({Ctx, Path, Spec, Parent}) ->
    oracle_probe:trace_self(Ctx, supervisor),
    put(oracle_identity, {Ctx, Path}),
    oracle_probe:report(Ctx, init, Path, {supervisor, Parent}),
    Options = [{Option, maps:get(Key, Spec)}
               || {Key, Option} <- [{intensity, max_restarts}, {period, max_seconds},
                                    {max_children, max_children},
                                    {extra_arguments, extra_arguments}],
                  maps:is_key(Key, Spec)],
    'Elixir.DynamicSupervisor':init(Options).

%% The child spec DynamicSupervisor.start_child/2 gets for the child at ChildPath.
child_spec(Ctx, ChildPath, Child) ->
    OtpKeys = maps:with([restart, shutdown, type], Child),
    OtpKeys#{id => maps:get(id, Child),
             start => {oracle_sup, start_dynamic, [Ctx, ChildPath, Child]}}.
