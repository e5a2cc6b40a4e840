"""What the oracle saw, turned into supsim trace events.

The oracle writes raw observations, each stamped where it happened (see
oracle/oracle_probe.erl): `init` (a process began: a supervisor before its children),
`start_result` (what the start function returned, seen by the parent), `intent` (a
process is about to end by itself), `down` (a process ended, real exit reason),
`parent_exit` (a supervisor received its parent's exit signal), `max_intensity` (the
supervisor's own report), `app_exit`, `app_start_error`, `node_halt`, `ignored`,
`call_result`. Each may name the pid it is about (`subject`): several processes of one path
can be alive at once (a killed supervisor's old children wind down beside the new ones), so
what happened to a process is followed by pid where the oracle knows it, by path otherwise.
`trace_events()` is the one place that decides which trace event each observation is;
everything else here is parsing.
"""

from dataclasses import dataclass


@dataclass
class Observation:
    us: int
    kind: str
    path: str
    data: object
    subject: str = "-"   # the pid the observation is about, or "-"

    def who(self):
        """The process this is about: its pid where known, else its path."""
        return self.subject if self.subject != "-" else self.path


@dataclass
class OracleRun:
    observations: list
    halted: bool
    running: list
    stall_ms: int = 0   # the longest time the VM stood still while the case ran


def parse_data(text):
    """The oracle's plain term rendering -> nested tuples, lists and strings."""
    pos = 0

    def value():
        nonlocal pos
        if text[pos] in "{[":
            close = "}" if text[pos] == "{" else "]"
            pos += 1
            items = []
            while text[pos] != close:
                items.append(value())
                if text[pos] == ",":
                    pos += 1
            pos += 1
            return tuple(items) if close == "}" else list(items)
        start = pos
        while pos < len(text) and text[pos] not in ",{}[]":
            pos += 1
        return text[start:pos]

    return value() if text else ""


def read_oracle_output(path):
    """{case_id: OracleRun} from the file the oracle wrote."""
    runs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            case_id = int(fields[0])
            run = runs.setdefault(case_id, OracleRun([], False, []))
            if fields[2] == "outcome":
                run.halted = fields[3] == "true"
                run.running = fields[4].split() if fields[4] else []
                run.stall_ms = int(fields[5])
                continue
            run.observations.append(
                Observation(int(fields[1]), fields[2], fields[3], parse_data(fields[4]),
                            fields[5]))
    return runs


def reason_text(term):
    """An Erlang exit reason as supsim spells it: {shutdown, X} -> shutdown:X, nested
    tuples joined by ':' (shutdown:failed_to_start_child:ID:REASON). A crash of OTP's own
    code, {function_clause, Stacktrace}, is written function_clause (supsim has no stack)."""
    if isinstance(term, str):
        return term

    def flat(t):
        if isinstance(t, tuple) and len(t) == 2 and t[0] == "already_started":
            return "already_started"   # {already_started, Pid}: the pid is not part of it
        if isinstance(t, tuple) and len(t) == 2 and t[0] == "function_clause":
            return "function_clause"
        if isinstance(t, tuple):
            return ":".join(flat(e) for e in t)
        if isinstance(t, list):
            return "[" + ",".join(flat(e) for e in t) + "]"
        return t

    return flat(term)


def parent_path(path):
    return path.rsplit("/", 1)[0] if "/" in path else ""


IGNORED_CALL_RESULTS = {  # supervisor call results -> why supsim reports the event ignored
    ("error", "running"): "running",
    ("error", "restarting"): "restarting",
    ("error", "not_found"): "not_found",
    ("error", "already_present"): "already_present",
    ("error", "max_children"): "max_children",
    ("error", "supervisor_not_running"): "supervisor_not_running",   # it ended first
}


def trace_events(observations):
    """Raw observations (in stamp order) -> [(t_us, event, path, reason, extra)], extra
    being the start_type of app_exit or the action of an ignored event."""
    events = []             # processes below are Observation.who(): pid, else path
    intents = {}            # process -> reason of a pending self-exit
    by_parent = set()       # supervisors that received their parent's exit signal
    gave_up = set()         # supervisors that reported reached_max_restart_intensity
    started = set()         # processes whose start function returned ok
    last_child_exit = {}    # supervisor path -> index in events after its child's own exit
    sup_inits = set()       # supervisors in init: their start is emitted, not yet confirmed
    # Supervisor path -> (index in events, time) when it began stopping children: its first
    # child told to stop since it last started children. A supervisor that ends by itself
    # decided so there, just after the child exit before it (auto_shutdown).
    stop_began = {}
    parent_exit_at = {}     # process -> when its parent's exit signal reached it

    def emit(o, event, path, reason="", extra=None):
        events.append((o.us, event, path, reason, extra))
        if event == "exit":
            last_child_exit[parent_path(path)] = len(events)
        elif event in ("start", "start_error", "start_ignore"):
            stop_began.pop(path, None)
            stop_began.pop(parent_path(path), None)   # a group restart is over

    def began_stopping(sup, us):
        if sup not in stop_began:
            stop_began[sup] = (last_child_exit.get(sup, len(events)), us)

    def insert(at, event):
        """Inserts `event` at `at`, keeping the indexes into `events` held above valid."""
        events.insert(at, event)
        for key, index in last_child_exit.items():
            if index >= at:
                last_child_exit[key] = index + 1
        for key, (index, us) in stop_began.items():
            if index >= at:
                stop_began[key] = (index + 1, us)

    for o in observations:
        k, path, data = o.kind, o.path, o.data
        who = o.who()
        if k == "init":
            if data == "supervisor":
                emit(o, "start", path)  # before its children, as in supsim's trace
                sup_inits.add(path)
        elif k == "start_result":
            if data == "ok":
                started.add(who)
                if path in sup_inits:
                    sup_inits.discard(path)
                else:
                    emit(o, "start", path)
            elif data in ("ignore", "injected_ignore"):
                emit(o, "start_ignore", path)
            elif isinstance(data, tuple) and data[0] in ("injected_error", "error"):
                sup_inits.discard(path)
                emit(o, "start_error", path, reason_text(data[1]))
        elif k == "intent":
            intents[who] = data
        elif k == "parent_exit":
            by_parent.add(who)
            parent_exit_at.setdefault(who, o.us)
            if reason_text(data) != "killed":   # killed: the EXIT of a killed parent
                began_stopping(parent_path(path), o.us)
        elif k == "stopping":
            if reason_text(data) != "killed":
                began_stopping(parent_path(path), o.us)
        elif k == "max_intensity":
            gave_up.add(who)
            emit(o, "max_intensity", path, "reached_max_restart_intensity")
        elif k == "down":
            proc_kind, reason = data
            if who not in started:
                continue  # died in init: reported by its parent as start_error
            started.discard(who)
            if who in intents:
                del intents[who]   # the reason is the real one, not the one asked for
                emit(o, "exit", path, reason_text(reason))
            elif who in gave_up:
                gave_up.discard(who)
                emit(o, "exit", path, reason_text(reason))
            elif (who in by_parent or reason == "killed" or proc_kind == "worker") and not (
                    proc_kind == "supervisor" and who in by_parent and path in stop_began
                    and stop_began[path][1] < parent_exit_at[who]):
                by_parent.discard(who)
                emit(o, "terminate", path, reason_text(reason))
            else:
                # A supervisor that stopped by itself, neither giving up nor because its
                # parent asked (it had begun stopping its children before that reached it):
                # auto_shutdown, decided when its significant child ended.
                by_parent.discard(who)
                at = stop_began.get(path, (last_child_exit.get(path, len(events)), 0))[0]
                insert(at, (events[at - 1][0] if at else o.us, "auto_shutdown", path, "", None))
                emit(o, "exit", path, reason_text(reason))
            parent_exit_at.pop(who, None)
            stop_began.pop(path, None)
        elif k == "app_exit":
            start_type, reason = data
            emit(o, "app_exit", path, reason_text(reason), start_type)
        elif k == "app_start_error":
            emit(o, "start_error", path, reason_text(data))
        elif k == "node_halt":
            emit(o, "node_halt", path, reason_text(data))
            break   # a real node halts here: what still winds down in the harness never runs
        elif k == "ignored":
            action, why = data
            emit(o, "ignored", path, why, action)
        elif k == "call_result":
            label = parse_data(path)
            if not (isinstance(label, tuple) and len(label) in (3, 4)):
                continue  # the helper that stopped a supervisor (sys:terminate)
            action, sup, child = label[:3]
            if action == "terminate_child":
                stop_began.pop(sup, None)   # it stopped that one child, not all of them
            simple = isinstance(data, tuple) and all(isinstance(x, str) for x in data)
            why = IGNORED_CALL_RESULTS.get(data) if simple else None
            if action == "terminate_child" and data == "ok" and label[3:] == ("false",):
                why = "not_running"   # a listed child that was not running: nothing to do
            if isinstance(data, tuple) and data[0] == "error" and isinstance(data[1], tuple) \
                    and data[1][0] == "already_started":
                why = "running"
            if why:
                emit(o, "ignored", sup + "/" + child, why, action.replace("_", "-"))
    return events
