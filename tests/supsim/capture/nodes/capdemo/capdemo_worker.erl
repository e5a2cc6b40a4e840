%% A worker: traps exits or not, may register a name, stops with a given reason when told to
%% (gen_server:cast(Pid, {stop, Reason})). terminate/2 takes the milliseconds of the application
%% environment key named by its `stop_env` option (0 when unset), so that the test decides when
%% a terminate is slow without changing the tree.
-module(capdemo_worker).
-behaviour(gen_server).
-export([start_link/1, start_link/2, init/1, handle_call/3, handle_cast/2, terminate/2]).

start_link(Opts) ->
    case maps:find(name, Opts) of
        {ok, Name} -> gen_server:start_link({local, Name}, ?MODULE, Opts, []);
        error -> gen_server:start_link(?MODULE, Opts, [])
    end.

%% simple_one_for_one children get the extra argument start_child passed.
start_link(Opts, Extra) -> gen_server:start_link(?MODULE, Opts#{extra => Extra}, []).

init(Opts) ->
    process_flag(trap_exit, maps:get(trap, Opts, false)),
    {ok, Opts}.

handle_call(_Request, _From, State) -> {reply, ok, State}.

handle_cast({stop, Reason}, State) -> {stop, Reason, State}.

terminate(_Reason, #{stop_env := Key}) ->
    timer:sleep(application:get_env(capdemo, Key, 0));
terminate(_Reason, _State) ->
    ok.
