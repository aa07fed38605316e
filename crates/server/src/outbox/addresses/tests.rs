use super::*;

/// The first and the last address of every refused range are refused.
#[test]
fn every_range_is_refused_from_its_first_to_its_last_address() {
    for (net, prefix, what) in REFUSED_V4 {
        let first = u32::from(*net);
        let last = first | (u32::MAX >> prefix);
        for bits in [first, last] {
            let ip = IpAddr::V4(Ipv4Addr::from(bits));
            assert!(refused(ip).is_some(), "{ip} ({what})");
        }
    }
    for (net, prefix, what) in REFUSED_V6 {
        let first = u128::from(*net);
        let last = first | (u128::MAX >> prefix);
        for bits in [first, last] {
            let ip = IpAddr::V6(Ipv6Addr::from(bits));
            assert!(refused(ip).is_some(), "{ip} ({what})");
        }
    }
}

#[test]
fn addresses_that_lead_back_inside_are_refused_with_what_they_are() {
    for (address, what) in [
        ("127.0.0.1", "loopback"),
        ("10.0.0.1", "private use"),
        ("172.16.5.4", "private use"),
        ("192.168.1.1", "private use"),
        ("169.254.169.254", "link local"),
        ("0.0.0.0", "this network"),
        ("100.64.0.1", "shared address space"),
        ("192.0.0.1", "IETF protocol assignments"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved (and the limited broadcast)"),
        ("255.255.255.255", "reserved (and the limited broadcast)"),
        ("::", "IPv4-compatible, loopback, unspecified"),
        ("::1", "IPv4-compatible, loopback, unspecified"),
        ("::127.0.0.1", "IPv4-compatible, loopback, unspecified"),
        ("::ffff:127.0.0.1", "IPv4-mapped"),
        ("::ffff:8.8.8.8", "IPv4-mapped"),
        ("::ffff:0:a00:1", "IPv4-translated"),
        // NAT64 forms of 127.0.0.1, 169.254.169.254 and 10.0.0.1.
        ("64:ff9b::7f00:1", "NAT64 (well-known prefix)"),
        ("64:ff9b::a9fe:a9fe", "NAT64 (well-known prefix)"),
        ("64:ff9b::a00:1", "NAT64 (well-known prefix)"),
        ("64:ff9b:1::a00:1", "NAT64 (local use)"),
        // 6to4 of 127.0.0.1, and a Teredo address.
        ("2002:7f00:1::", "6to4"),
        (
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "IETF protocol assignments (Teredo …)",
        ),
        ("2001:db8::1", "documentation"),
        ("fec0::1", "site local (deprecated)"),
        ("fd00::1", "unique local"),
        ("fe80::1", "link local"),
        ("ff02::1", "multicast"),
    ] {
        assert_eq!(refused(address.parse().unwrap()), Some(what), "{address}");
    }
}

/// Public addresses, among them the neighbours just outside refused ranges.
#[test]
fn public_addresses_are_public_up_to_the_ranges_edges() {
    for address in [
        "8.8.8.8",
        "1.1.1.1",
        "203.0.114.1",
        "192.0.3.0",
        "100.63.255.255",
        "100.128.0.0",
        "172.15.255.255",
        "172.32.0.0",
        "198.17.255.255",
        "198.20.0.0",
        "223.255.255.255",
        "2606:4700::1111",
        "2001:4860:4860::8888",
        "2001:200::1",
        "2003::1",
        "2400:cb00::1",
        "3fff:1000::1",
        "fbff:ffff::1",
        "fe00::1",
    ] {
        let ip: IpAddr = address.parse().unwrap();
        assert_eq!(refused(ip), None, "{address}");
        assert!(is_public(ip), "{address}");
    }
}
