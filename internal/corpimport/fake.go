package corpimport

import (
	"strconv"
	"strings"

	"github.com/brianvoe/gofakeit/v6"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/fixtures/generate"
)

const (
	alnum    = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	lowerHex = "0123456789abcdef"
)

// faker draws the replacement values. One person gets one fake identity:
// a member's name, pinyin and mail address agree wherever they appear.
type faker struct {
	f       *gofakeit.Faker
	keepIDs bool
	domain  string
	used    map[string]int    // names and ids handed out, for uniqueness
	userIDs map[string]string // real userid → new
	deptIDs map[int]int       // real department id → new
	people  map[string]person // by real userid
	// realUserIDs are the corp's userids, which no new one may equal.
	realUserIDs map[string]bool
	// unionIDs maps customers' real unionids to new ones.
	unionIDs map[string]string
}

type person struct{ name, pinyin string }

func newFaker(seed int64, keepIDs bool) *faker {
	f := gofakeit.New(seed)
	f.Rand.Seed(seed) // New(0) seeds from crypto/rand; 0 is a seed like any other
	return &faker{
		f: f, keepIDs: keepIDs, domain: strings.ToLower(generate.RandString(f, "abcdefghijklmnopqrstuvwxyz", 8)) + ".example.com",
		used: map[string]int{}, userIDs: map[string]string{}, deptIDs: map[int]int{}, people: map[string]person{}, unionIDs: map[string]string{}, realUserIDs: map[string]bool{},
	}
}

// unique returns base, then base2, base3… (bases handed to it never end in
// a digit they could collide through, or are ids of fixed length).
func (z *faker) unique(kind, base string) string {
	key := kind + "\x00" + base
	z.used[key]++
	if n := z.used[key]; n > 1 {
		return base + strconv.Itoa(n)
	}
	return base
}

// person is the fake identity of the member realID, drawn on first use and
// never their real name.
func (z *faker) person(realID, realName string) person {
	if p, ok := z.people[realID]; ok {
		return p
	}
	var p person
	for try := 0; try < 100 && (p.name == "" || p.name == realName); try++ {
		p.name, p.pinyin = generate.PersonName(z.f)
	}
	z.people[realID] = p
	return p
}

// userID maps a real userid: kept with KeepIDs, else the pinyin of the
// member's fake name, numbered when taken.
func (z *faker) userID(realID string) string {
	if z.keepIDs {
		return realID
	}
	if id, ok := z.userIDs[realID]; ok {
		return id
	}
	base := z.person(realID, "").pinyin
	id := z.unique("userid", base)
	for z.realUserIDs[id] { // never a real member's userid
		id = z.unique("userid", base)
	}
	z.userIDs[realID] = id
	return id
}

func (z *faker) userIDList(real []string) []string { return mapList(real, z.userID) }

func (z *faker) dept(real int) int {
	if z.keepIDs {
		return real
	}
	return z.deptIDs[real]
}

func (z *faker) deptList(real []int) []int { return mapList(real, z.dept) }

// mapList maps each of list (nil stays nil: absent stays absent).
func mapList[T any](list []T, f func(T) T) []T {
	if list == nil {
		return nil
	}
	out := make([]T, 0, len(list))
	for _, v := range list {
		out = append(out, f(v))
	}
	return out
}

// secret is a new 43-character mock secret.
func (z *faker) secret() string { return z.unique("secret", generate.RandString(z.f, alnum, 43)) }

// ifSet returns fake() when real is non-empty, drawn again while it equals
// real: a field's presence is structure, its value is not.
func ifSet(real string, fake func() string) string {
	if real == "" {
		return ""
	}
	v := fake()
	for try := 0; v == real && try < 100; try++ {
		v = fake()
	}
	return v
}

func (z *faker) mobile() string {
	return "1" + strconv.Itoa(z.f.Number(3, 9)) + z.f.DigitN(9)
}

func (z *faker) telephone() string { return "0" + z.f.DigitN(3) + "-" + z.f.DigitN(8) }

func (z *faker) avatar() string {
	return "https://wework.qpic.cn/wwhead/" + generate.RandString(z.f, alnum, 32)
}

func (z *faker) address() string {
	return generate.City(z.f) + "市" + z.f.Street() + strconv.Itoa(z.f.Number(1, 999)) + "号"
}

func (z *faker) url() string {
	return "https://" + z.f.DomainName() + "/" + generate.RandString(z.f, lowerHex, 8)
}

// gender keeps "unknown" (it says nothing) and draws the rest.
func (z *faker) gender(real string) string {
	switch real {
	case "", "0":
		return real
	}
	return strconv.Itoa(z.f.Number(1, 2))
}

// attrs fakes custom attributes: their types and names are the corp's
// configuration and stay; their values are personal and are replaced.
func (z *faker) attrs(real []client.Attr) []fixtures.Attr {
	if real == nil {
		return nil
	}
	out := make([]fixtures.Attr, 0, len(real))
	for _, a := range real {
		fa := fixtures.Attr{Type: a.Type, Name: a.Name}
		if a.Text != nil {
			fa.Text = &fixtures.AttrText{Value: ifSet(a.Text.Value, func() string { return z.f.DigitN(6) })}
		}
		if a.Web != nil {
			fa.Web = &fixtures.AttrWeb{URL: ifSet(a.Web.URL, z.url), Title: ifSet(a.Web.Title, z.f.BuzzWord)}
		}
		if a.MiniProgram != nil {
			fa.MiniProgram = &fixtures.AttrMiniApp{
				AppID:    ifSet(a.MiniProgram.AppID, func() string { return "wx" + generate.RandString(z.f, lowerHex, 16) }),
				PagePath: ifSet(a.MiniProgram.PagePath, func() string { return "pages/" + z.f.Word() }),
				Title:    ifSet(a.MiniProgram.Title, z.f.BuzzWord),
			}
		}
		out = append(out, fa)
	}
	return out
}
