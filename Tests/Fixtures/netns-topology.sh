#!/usr/bin/env bash
# A four-namespace path for probe tests and benchmarks, IPv4 and IPv6:
#
#   client (10.9.1.2, fd09:1::2) -> router1 -> router2 -> target (10.9.3.2, fd09:3::2)
#
# Hop addresses seen from the client: router1 10.9.1.1 / fd09:1::1, router2 10.9.2.2 /
# fd09:2::2, target 10.9.3.2 / fd09:3::2. Namespaces are named vt-SUFFIX-{c,r1,r2,t}.
#
# usage: netns-topology.sh up SUFFIX | down SUFFIX
#        netns-topology.sh silent SUFFIX   (router2 stops sending time-exceeded)
#        netns-topology.sh loss SUFFIX N   (router1 drops 1 in N forwarded packets)
#        netns-topology.sh uplink SUFFIX N (veths from this namespace to the client and router1,
#            for servers there that tests reach from here: client 10.99.N.2 via 10.99.N.1,
#            router1 10.99.N.6 via 10.99.N.5; N is 0 to 255, one per live topology)
set -euo pipefail
action=$1 suffix=$2
c=vt-$suffix-c r1=vt-$suffix-r1 r2=vt-$suffix-r2 t=vt-$suffix-t
ip=/usr/sbin/ip
nft=/usr/sbin/nft

nsx() { local ns=$1; shift; "$ip" netns exec "$ns" "$@"; }

case $action in
up)
    for ns in $c $r1 $r2 $t; do
        "$ip" netns add "$ns"
        nsx "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
            net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 net.ipv4.ping_group_range="1 0"
        nsx "$ns" "$ip" link set lo up
    done
    for ns in $r1 $r2; do nsx "$ns" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1; done
    link() { # link NS_A IF_A NS_B IF_B
        "$ip" link add "$2" netns "$1" type veth peer name "$4" netns "$3"
    }
    link $c "c$suffix" $r1 "r1c$suffix"
    link $r1 "r1n$suffix" $r2 "r2p$suffix"
    link $r2 "r2n$suffix" $t "t$suffix"
    addr() { # addr NS IF V4 V6
        nsx "$1" "$ip" addr add "$3" dev "$2"
        nsx "$1" "$ip" -6 addr add "$4" dev "$2" nodad
        nsx "$1" "$ip" link set "$2" up
    }
    addr $c "c$suffix" 10.9.1.2/24 fd09:1::2/64
    addr $r1 "r1c$suffix" 10.9.1.1/24 fd09:1::1/64
    addr $r1 "r1n$suffix" 10.9.2.1/24 fd09:2::1/64
    addr $r2 "r2p$suffix" 10.9.2.2/24 fd09:2::2/64
    addr $r2 "r2n$suffix" 10.9.3.1/24 fd09:3::1/64
    addr $t "t$suffix" 10.9.3.2/24 fd09:3::2/64
    nsx $c "$ip" route add default via 10.9.1.1
    nsx $c "$ip" -6 route add default via fd09:1::1
    nsx $r1 "$ip" route add 10.9.3.0/24 via 10.9.2.2
    nsx $r1 "$ip" -6 route add fd09:3::/64 via fd09:2::2
    nsx $r2 "$ip" route add default via 10.9.2.1
    nsx $r2 "$ip" -6 route add default via fd09:2::1
    nsx $t "$ip" route add default via 10.9.3.1
    nsx $t "$ip" -6 route add default via fd09:3::1
    # Wait until every link is up, then prime neighbour caches end to end.
    for _ in $(seq 1 50); do
        down=0
        for ns in $c $r1 $r2 $t; do
            if nsx "$ns" "$ip" -br link | grep -v '^lo' | grep -qv ' UP '; then down=1; fi
        done
        [ $down = 0 ] && break
        sleep 0.05
    done
    nsx $c ping -q -c 1 -W 2 10.9.3.2 >/dev/null
    nsx $c ping -q -c 1 -W 2 fd09:3::2 >/dev/null
    ;;
uplink)
    n=$3
    "$ip" link add "u${suffix}c" type veth peer name "uc$suffix" netns $c
    "$ip" link add "u${suffix}r" type veth peer name "ur$suffix" netns $r1
    "$ip" addr add "10.99.$n.1/30" dev "u${suffix}c"
    "$ip" addr add "10.99.$n.5/30" dev "u${suffix}r"
    "$ip" link set "u${suffix}c" up
    "$ip" link set "u${suffix}r" up
    nsx $c "$ip" addr add "10.99.$n.2/30" dev "uc$suffix"
    nsx $c "$ip" link set "uc$suffix" up
    nsx $r1 "$ip" addr add "10.99.$n.6/30" dev "ur$suffix"
    nsx $r1 "$ip" link set "ur$suffix" up
    for _ in $(seq 1 50); do
        ping -q -c 1 -W 1 "10.99.$n.2" >/dev/null 2>&1 && ping -q -c 1 -W 1 "10.99.$n.6" >/dev/null 2>&1 && break
        sleep 0.05
    done
    ;;
silent)
    nsx $r2 "$nft" -f - <<NFT
table inet vantage_silent {
    chain output {
        type filter hook output priority 0;
        icmp type time-exceeded drop
        icmpv6 type time-exceeded drop
    }
}
NFT
    ;;
loss)
    nsx $r1 "$nft" -f - <<NFT
table inet vantage_loss {
    chain forward {
        type filter hook forward priority 0;
        numgen random mod ${3} 0 drop
    }
}
NFT
    ;;
down)
    for ns in $c $r1 $r2 $t; do "$ip" netns delete "$ns" 2>/dev/null || true; done
    ;;
*)
    echo "usage: $0 up|down|silent|loss|uplink SUFFIX [N]" >&2
    exit 64
    ;;
esac
