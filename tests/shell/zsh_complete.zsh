#!/usr/bin/env zsh
# Completes a command line in a real interactive zsh (compinit loaded, the function under test on
# fpath) and prints the candidates zsh would offer, one per line, sorted.
# Usage: zsh_complete.zsh FPATH_DIR BIN_DIR 'command line'
# FPATH_DIR `installed`: zsh's own fpath only, as a user's zsh finds the installed functions.
emulate -L zsh
zmodload zsh/zpty || exit 2
fpath_dir=${1:A} bin_dir=${2:A} line=$3
[[ $1 == installed ]] && fpath_dir=
out=$(mktemp) rc=$(mktemp)
cat >$rc <<RC
PS1='' PROMPT='' RPROMPT=''
path=($bin_dir \$path)
fpath=($fpath_dir \$fpath)
autoload -Uz compinit && compinit -u -D
zstyle ':completion:*' insert-tab false
# Record every match instead of letting zle insert or list it.
compadd() {
    if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "\$@"; return; fi
    local -a __hits
    builtin compadd -A __hits "\$@"
    (( \$#__hits )) && print -rl -- "\${__hits[@]}" >>$out
    return 0
}
__capture_done() { print -r -- '<<done>>' >>$out; }
comppostfuncs=(__capture_done)
bindkey '^I' complete-word
print -r -- '<<ready>>' >>$out
RC
zpty capture "zsh -f -i"
zpty -w capture "source $rc"
for i in {1..100}; do grep -q '<<ready>>' $out 2>/dev/null && break; sleep 0.05; done
zpty -w -n capture "$line"$'\t'
for i in {1..200}; do grep -q '<<done>>' $out 2>/dev/null && break; sleep 0.05; done
zpty -d capture
grep -q '<<done>>' $out || { print -u2 "zsh did not complete: $line"; rm -f $out $rc; exit 1; }
grep -v -e '<<done>>' -e '<<ready>>' $out | sort -u
rm -f $out $rc
