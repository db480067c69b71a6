#!/usr/bin/env bash
# A server namespace and N agent namespaces, each agent joined to the server by a veth pair,
# for agent tests and benchmarks:
#
#   server va-SUFFIX-s: 10.77.K.1 on the link to agent K
#   agent  va-SUFFIX-aK: 10.77.K.2, default route via 10.77.K.1; and 10.88.K.1 on its own
#          loopback, an address only that agent's namespace can reach (monitor targets whose
#          results can only come from that agent); and 10.88.0.1, the same address in every
#          agent namespace and none other (one target several agents reach, each its own)
#
# usage: netns-agents.sh up SUFFIX N | down SUFFIX N    (N is 1 to 200; interface names are
#        vsSUFFIXK / vaSUFFIXK, at most 15 characters with a 6-character suffix)
set -euo pipefail
action=$1 suffix=$2 count=$3
s=va-$suffix-s
ip=/usr/sbin/ip

nsx() { local ns=$1; shift; "$ip" netns exec "$ns" "$@"; }

case $action in
up)
    "$ip" netns add "$s"
    nsx "$s" "$ip" link set lo up
    for k in $(seq 1 "$count"); do
        a=va-$suffix-a$k
        "$ip" netns add "$a"
        nsx "$a" "$ip" link set lo up
        nsx "$a" "$ip" addr add "10.88.$k.1/32" dev lo
        nsx "$a" "$ip" addr add 10.88.0.1/32 dev lo
        "$ip" link add "vs$suffix$k" netns "$s" type veth peer name "va$suffix$k" netns "$a"
        nsx "$s" "$ip" addr add "10.77.$k.1/24" dev "vs$suffix$k"
        nsx "$s" "$ip" link set "vs$suffix$k" up
        nsx "$a" "$ip" addr add "10.77.$k.2/24" dev "va$suffix$k"
        nsx "$a" "$ip" link set "va$suffix$k" up
        nsx "$a" "$ip" route add default via "10.77.$k.1"
    done
    # Wait until every link is up and answers.
    for k in $(seq 1 "$count"); do
        for _ in $(seq 1 50); do
            if nsx "va-$suffix-a$k" ping -c1 -W1 -q "10.77.$k.1" >/dev/null 2>&1; then break; fi
            sleep 0.1
        done
    done
    ;;
down)
    for k in $(seq 1 "$count"); do "$ip" netns del "va-$suffix-a$k" 2>/dev/null || true; done
    "$ip" netns del "$s" 2>/dev/null || true
    ;;
*)
    echo "usage: $0 up|down SUFFIX N" >&2
    exit 64
    ;;
esac
