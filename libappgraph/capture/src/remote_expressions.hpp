#pragma once
// The read-only Erlang expressions the capture evaluates on the node (with erl_eval, through rex).
// They only call functions that read (gen_server:call of the application controller's `info`,
// application:which_applications/1, sys:get_state/2, process_info/2) and shape the reply: large
// child collections are cut on the node to the children kept, so the reply stays small whatever
// the node's size. Variables bound by the caller are written in capitals and listed per expression.

namespace appgraph::capture {

// Bindings: T (timeout, ms). Value: {OtpRelease, ErtsVersion, [{App, StartType, Vsn, Top}]} in
// start order, Top = {Pid, Module} of the application's top supervisor or `none`.
extern const char* const kApplicationsExpression;

// Bindings: P (the process), T (timeout, ms), N (children kept per dynamic supervisor, or `all`),
// and the positions in OTP's #state / #child records for the release the node runs: Size (of
// #state), Ch (children), Dy (dynamics), Ar (args), Mf (#child.mfargs). Value:
//   {supervisor, State, Static, DynamicTotal, Dynamic, Infos}: an OTP supervisor; State is the
//     #state record with children, dynamics and args replaced by `none`; Static the #child
//     records in the order the record keeps them (reverse start order), mfargs cut to {M, F},
//     each paired with its Info; Dynamic the kept dynamic children's pids, sorted, and Infos
//     theirs, in the same order;
//   {dynamic_supervisor, Fields, Total, Kept, Mfs, Rest, Infos}: an Elixir DynamicSupervisor;
//     Fields its struct without children, args and restarts; Kept the kept children's pids,
//     sorted, and in the same order Mfs ({M, F}, or {restarting, M, F}), Rest ({Restart,
//     Shutdown, Type, Modules}) and Infos;
//   {other, Shape, Tag, Size}: a state that is neither; timeout; noproc; {error, Class, Reason}.
// Info is [{registered_name, Name | []}, {trap_exit, Bool}], `dead` (Static) or `undefined`
// (Infos) for a process that is gone, or `none` (not a pid).
extern const char* const kSupervisorExpression;

}  // namespace appgraph::capture
