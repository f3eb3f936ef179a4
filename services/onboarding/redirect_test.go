package onboarding

import "testing"

// The redirect back to the partner is parsed by integrations that strip the brackets and
// split on commas (as partners' connect buttons do), so it is checked byte for byte.
func TestRedirectURLIsByteExact(t *testing.T) {
	for _, tc := range []struct {
		name              string
		base, client      string
		channels, revoked []string
		state, want       string
	}{
		{name: "one channel, nothing revoked, no state",
			base: "https://app.partner.example/callback", client: "c1CL", channels: []string{"a1CH"},
			want: "https://app.partner.example/callback?client=c1CL&channels=[a1CH]"},
		{name: "several channels keep their order, separated by bare commas",
			base: "https://app.partner.example/callback", client: "c1CL", channels: []string{"b2CH", "a1CH", "c3CH"},
			want: "https://app.partner.example/callback?client=c1CL&channels=[b2CH,a1CH,c3CH]"},
		{name: "no channel selected is an empty list",
			base: "https://app.partner.example/cb", client: "c1CL", channels: nil,
			want: "https://app.partner.example/cb?client=c1CL&channels=[]"},
		{name: "empty revoked is left out entirely",
			base: "https://app.partner.example/cb", client: "c1CL", channels: []string{"a1CH"}, revoked: []string{},
			want: "https://app.partner.example/cb?client=c1CL&channels=[a1CH]"},
		{name: "revoked follows channels",
			base: "https://app.partner.example/cb", client: "c1CL", channels: []string{"a1CH"}, revoked: []string{"r1CH", "r2CH"},
			want: "https://app.partner.example/cb?client=c1CL&channels=[a1CH]&revoked=[r1CH,r2CH]"},
		{name: "state comes last, query-escaped (spaces as +, & and = encoded)",
			base: "https://app.partner.example/cb", client: "c1CL", channels: []string{"a1CH"}, revoked: []string{"r1CH"},
			state: "a b&c=d/é", want: "https://app.partner.example/cb?client=c1CL&channels=[a1CH]&revoked=[r1CH]&state=a+b%26c%3Dd%2F%C3%A9"},
		{name: "state without revoked",
			base: "https://app.partner.example/cb", client: "c1CL", channels: []string{"a1CH", "b2CH"}, state: "xyz",
			want: "https://app.partner.example/cb?client=c1CL&channels=[a1CH,b2CH]&state=xyz"},
		{name: "a base with a query is continued with &",
			base: "https://app.partner.example/cb?tenant=7&x=%20y", client: "c1CL", channels: []string{"a1CH"}, state: "s 1",
			want: "https://app.partner.example/cb?tenant=7&x=%20y&client=c1CL&channels=[a1CH]&state=s+1"},
		{name: "a base ending in ? gets no second separator",
			base: "https://app.partner.example/cb?", client: "c1CL", channels: []string{"a1CH"},
			want: "https://app.partner.example/cb?client=c1CL&channels=[a1CH]"},
		{name: "a base ending in & gets no second separator",
			base: "https://app.partner.example/cb?tenant=7&", client: "c1CL", channels: []string{"a1CH"},
			want: "https://app.partner.example/cb?tenant=7&client=c1CL&channels=[a1CH]"},
		{name: "a fragment stays at the end",
			base: "https://app.partner.example/#/callback", client: "c1CL", channels: []string{"a1CH"}, state: "s",
			want: "https://app.partner.example/?client=c1CL&channels=[a1CH]&state=s#/callback"},
		{name: "http and a port are kept as configured",
			base: "http://localhost:3000/360", client: "c1CL", channels: []string{"a1CH"},
			want: "http://localhost:3000/360?client=c1CL&channels=[a1CH]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := RedirectURL(tc.base, tc.client, tc.channels, tc.revoked, tc.state); got != tc.want {
				t.Errorf("RedirectURL\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

// A redirect_url override must stay on the partner's origin: anything else would turn
// the onboarding page into an open redirect carrying the client's ids.
func TestRedirectOverrideMustKeepTheOrigin(t *testing.T) {
	const configured = "https://app.partner.example/360/callback"
	for _, tc := range []struct {
		raw string
		ok  bool
	}{
		{"https://app.partner.example/360/callback", true},
		{"https://app.partner.example/other/path?tenant=7", true},
		{"https://APP.Partner.example:443/x", true},
		{"HTTPS://app.partner.example/x", true},
		{"http://app.partner.example/360/callback", false},       // other scheme
		{"https://app.partner.example:8443/360/callback", false}, // other port
		{"https://evil.example/360/callback", false},
		{"https://app.partner.example.evil.example/cb", false},
		{"https://evil.example@app.partner.example/cb", false}, // user info
		{"//app.partner.example/cb", false},                    // not absolute
		{"/360/callback", false},
		{"javascript:alert(1)", false},
		{"https://app.partner.example/cb#frag", false},
		{"https://app.partner.example/c b", false},
		{"https://app.partner.example/cb\n", false},
	} {
		why := checkRedirectOverride(tc.raw, configured)
		if (why == "") != tc.ok {
			t.Errorf("checkRedirectOverride(%q) = %q, want accepted=%v", tc.raw, why, tc.ok)
		}
	}
	if why := checkRedirectOverride("http://localhost:3000/a", "http://localhost:3000/b"); why != "" {
		t.Errorf("same http origin with a port refused: %s", why)
	}
	if why := checkRedirectOverride("http://localhost/a", "http://localhost:80/b"); why != "" {
		t.Errorf("default port spelled out refused: %s", why)
	}
}
