package steps

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// registerCRM adds the steps of 客户联系: what customers do in WeChat (and
// members in the WeCom client), what salespeople ask of a CRMApp, and what
// the customers and the app end up with.
func registerCRM(sc *godog.ScenarioContext) {
	// The customer's side.
	sc.Step(`^(?:a )?customer "([^"]*)" adds "([^"]*)"(?: by scanning the contact way "([^"]*)")?(?: with state "([^"]*)")?$`, customerAdds)
	sc.Step(`^customer "([^"]*)" deletes "([^"]*)"$`, customerDeletesMember)
	sc.Step(`^"([^"]*)" deletes customer "([^"]*)"$`, memberDeletesCustomer)
	sc.Step(`^"([^"]*)" changes the remark of customer "([^"]*)" to "([^"]*)"$`, memberEditsCustomer)
	sc.Step(`^customer "([^"]*)" refuses the transfer from "([^"]*)" to "([^"]*)"$`, customerRefusesTransfer)

	// Customer groups in the WeCom and WeChat clients.
	sc.Step(`^"([^"]*)" creates the customer group "([^"]*)"$`, createsGroup)
	sc.Step(`^(?:customer |member )?"([^"]*)" joins the customer group "([^"]*)"( by scanning its QR code)?$`, joinsGroup)
	sc.Step(`^(?:customer |member )?"([^"]*)" (leaves|is removed from) the customer group "([^"]*)"$`, leavesGroup)
	sc.Step(`^the customer group "([^"]*)" is handed over to "([^"]*)"$`, groupNewOwner)
	sc.Step(`^the customer group "([^"]*)" is renamed "([^"]*)"$`, groupRenamed)
	sc.Step(`^the customer group "([^"]*)" is dismissed$`, groupDismissed)

	// The administrator's changes to the corp's customer tags.
	sc.Step(`^an administrator adds the customer tag "([^"]*)" to the group "([^"]*)"$`, adminAddsTag)
	sc.Step(`^an administrator renames the customer tag "([^"]*)" to "([^"]*)"$`, adminRenamesTag)
	sc.Step(`^an administrator deletes the customer tag "([^"]*)"$`, adminDeletesTag)

	// What salespeople do through the app.
	sc.Step(`^the app does not greet new customers$`, func(ctx context.Context) error { return appGreets(ctx, false) })
	sc.Step(`^the app greets new customers$`, func(ctx context.Context) error { return appGreets(ctx, true) })
	sc.Step(`^"([^"]*)" greets customer "([^"]*)" through the app$`, greetsLater)
	sc.Step(`^"([^"]*)" tags customer "([^"]*)" as "([^"]*)" through the app$`, tagsCustomer)
	sc.Step(`^the app transfers the customers of "([^"]*)" to "([^"]*)"$`, transfersCustomers)

	// Outcomes.
	sc.Step(`^customer "([^"]*)" received the greeting "([^"]*)"$`, receivedGreeting)
	sc.Step(`^customer "([^"]*)" received no message$`, receivedNoCustomerMessage)
	sc.Step(`^the app's greeting succeeded$`, func(ctx context.Context) error { return greetingOutcome(ctx, "") })
	sc.Step(`^the app's greeting failed with errcode (\d+)$`, greetingOutcome)
	sc.Step(`^the app lists (\d+|one|two|three|four|five) customers? of "([^"]*)" in (\d+|one|two|three) pages? of (\d+)$`, appListsCustomers)
	sc.Step(`^the transfer of "([^"]*)"'s customers to "([^"]*)" is (waiting|accepted|refused)$`, transferIs)
	sc.Step(`^the transfer of customer "([^"]*)" from "([^"]*)" to "([^"]*)" is (waiting|accepted|refused|limit_exceeded|none)$`, customerTransferIs)
	sc.Step(`^"([^"]*)" follows customer "([^"]*)"$`, func(ctx context.Context, userID, name string) error {
		return follows(ctx, userID, name, true)
	})
	sc.Step(`^"([^"]*)" does not follow customer "([^"]*)"$`, func(ctx context.Context, userID, name string) error {
		return follows(ctx, userID, name, false)
	})
	sc.Step(`^customer "([^"]*)" is tagged "([^"]*)" by "([^"]*)"$`, taggedBy)
	sc.Step(`^customer "([^"]*)" came to "([^"]*)" through the channel "([^"]*)"$`, cameThrough)
}

// crmState is what a scenario remembers of 客户联系.
type crmState struct {
	// customers are the external_userids of the customers steps created,
	// by name; groups the chat_ids of the groups they created, by name.
	customers map[string]string
	groups    map[string]string
	// tags are the ids of the customer tags steps created, by name.
	tags map[string]string
	// greeted is set once a greeting step ran; greeting is its error.
	greeted  bool
	greeting error
}

func (st *state) crmState() *crmState {
	if st.crm == nil {
		st.crm = &crmState{customers: map[string]string{}, groups: map[string]string{}, tags: map[string]string{}}
	}
	return st.crm
}

// customerID finds a customer by the name a step gave them, or by name or
// external_userid in the world; ok is false for a customer nobody knows.
func (st *state) customerID(ctx context.Context, name string) (id string, ok bool, err error) {
	if id, ok := st.crmState().customers[name]; ok {
		return id, true, nil
	}
	w, err := st.currentWorld(ctx)
	if err != nil {
		return "", false, err
	}
	for _, c := range w.Corps {
		if c.ExternalContact == nil {
			continue
		}
		for _, cust := range c.ExternalContact.Customers {
			if cust.Name == name || cust.ExternalUserID == name {
				return cust.ExternalUserID, true, nil
			}
		}
	}
	return "", false, nil
}

// knownCustomer is customerID for a customer who must exist.
func (st *state) knownCustomer(ctx context.Context, name string) (string, error) {
	id, ok, err := st.customerID(ctx, name)
	if err == nil && !ok {
		err = fmt.Errorf("no customer %q: a step must add them first (a customer %q adds …)", name, name)
	}
	return id, err
}

// crmCorp is the corp of the first of the members the world has, else the
// app's first tenant (a member who was deleted is in no corp any more).
func (st *state) crmCorp(ctx context.Context, userIDs ...string) (string, error) {
	for _, u := range userIDs {
		if corp, _, err := st.corpOf(ctx, u, ""); err == nil {
			return corp, nil
		}
	}
	if st.app != nil && len(st.appEnv.Tenants) > 0 {
		return st.appEnv.Tenants[0].CorpID, nil
	}
	return "", fmt.Errorf("no corp has a member %s", strings.Join(userIDs, " or "))
}

// customerSide plays something a customer or member does in their client:
// the app is started and its callback URL configured first, and the step
// ends once the mock has delivered every callback it caused.
func (st *state) customerSide(ctx context.Context, act func() ([]string, error)) error {
	if st.cfg.App != nil {
		app, err := st.theApp(ctx)
		if err != nil {
			return err
		}
		if _, ok := app.(CallbackApp); ok {
			if err := st.ensureCallbacks(ctx); err != nil {
				return err
			}
		}
	}
	deliveries, err := act()
	if err != nil {
		return err
	}
	for _, id := range deliveries {
		if _, err := st.mock.WaitDeliveries(ctx, mockctl.DeliveryFilter{ID: id}, 10*time.Second); err != nil {
			return err
		}
	}
	return nil
}

func customerAdds(ctx context.Context, name, userID, way, state string) error {
	st := stateOf(ctx)
	corp, err := st.crmCorp(ctx, userID)
	if err != nil {
		return err
	}
	req := mockctl.ExternalContactAdd{CorpID: corp, UserID: userID, State: state}
	if way != "" {
		if req.ConfigID, err = st.contactWayID(ctx, way); err != nil {
			return err
		}
	}
	id, known, err := st.customerID(ctx, name)
	if err != nil {
		return err
	}
	if known {
		req.ExternalUserID = id
	} else {
		req.Customer = &fixtures.Customer{Name: name, Type: fixtures.CustomerWeChat}
	}
	return st.customerSide(ctx, func() ([]string, error) {
		res, err := st.mock.AddExternalContact(ctx, req)
		if err != nil {
			return nil, err
		}
		st.crmState().customers[name] = res.ExternalUserID
		return res.Deliveries, nil
	})
}

// contactWayID finds a contact way of the world by its remark or
// config_id; anything else is taken as a config_id.
func (st *state) contactWayID(ctx context.Context, way string) (string, error) {
	return st.findExternal(ctx, way, func(ec *fixtures.ExternalContact) string {
		for _, cw := range ec.ContactWays {
			if cw.Remark == way || cw.ConfigID == way {
				return cw.ConfigID
			}
		}
		return ""
	})
}

// findExternal is the first id find returns from a corp's 客户联系 block
// of the current world, or fallback when none does.
func (st *state) findExternal(ctx context.Context, fallback string, find func(*fixtures.ExternalContact) string) (string, error) {
	w, err := st.currentWorld(ctx)
	if err != nil {
		return "", err
	}
	for _, c := range w.Corps {
		if c.ExternalContact == nil {
			continue
		}
		if id := find(c.ExternalContact); id != "" {
			return id, nil
		}
	}
	return fallback, nil
}

// relation plays a change of a relationship between a member and a
// customer.
func relation(ctx context.Context, userID, name string, do func(context.Context, mockctl.ExternalContactRelation) (mockctl.ExternalEventResult, error), edit func(*mockctl.ExternalContactRelation)) error {
	st := stateOf(ctx)
	corp, err := st.crmCorp(ctx, userID)
	if err != nil {
		return err
	}
	id, err := st.knownCustomer(ctx, name)
	if err != nil {
		return err
	}
	req := mockctl.ExternalContactRelation{CorpID: corp, UserID: userID, ExternalUserID: id}
	if edit != nil {
		edit(&req)
	}
	return st.customerSide(ctx, func() ([]string, error) {
		res, err := do(ctx, req)
		return res.Deliveries, err
	})
}

func customerDeletesMember(ctx context.Context, name, userID string) error {
	return relation(ctx, userID, name, stateOf(ctx).mock.DeleteFollowUser, nil)
}

func memberDeletesCustomer(ctx context.Context, userID, name string) error {
	return relation(ctx, userID, name, stateOf(ctx).mock.DeleteExternalContact, nil)
}

func memberEditsCustomer(ctx context.Context, userID, name, remark string) error {
	return relation(ctx, userID, name, stateOf(ctx).mock.EditExternalContact, func(r *mockctl.ExternalContactRelation) {
		r.Remark = &remark
	})
}

func customerRefusesTransfer(ctx context.Context, name, from, to string) error {
	st := stateOf(ctx)
	corp, err := st.crmCorp(ctx, to, from)
	if err != nil {
		return err
	}
	id, err := st.knownCustomer(ctx, name)
	if err != nil {
		return err
	}
	return st.customerSide(ctx, func() ([]string, error) {
		res, err := st.mock.RefuseTransfer(ctx, mockctl.ExternalContactTransfer{CorpID: corp,
			HandoverUserID: from, TakeoverUserID: to, ExternalUserID: id})
		var ids []string
		for _, ev := range res.Events {
			ids = append(ids, ev.Deliveries...)
		}
		return ids, err
	})
}

// groupID finds a customer group by the name a step gave it, or by name or
// chat_id in the world; anything else is taken as a chat_id.
func (st *state) groupID(ctx context.Context, name string) (string, error) {
	if id, ok := st.crmState().groups[name]; ok {
		return id, nil
	}
	return st.findExternal(ctx, name, func(ec *fixtures.ExternalContact) string {
		for _, g := range ec.CustomerGroups {
			if g.Name == name || g.ChatID == name {
				return g.ChatID
			}
		}
		return ""
	})
}

// groupChange plays a change of group name in the clients.
func groupChange(ctx context.Context, group string, req mockctl.CustomerGroupChange, userIDs ...string) (mockctl.CustomerGroupChanged, error) {
	st := stateOf(ctx)
	var out mockctl.CustomerGroupChanged
	corp, err := st.crmCorp(ctx, userIDs...)
	if err != nil {
		return out, err
	}
	req.CorpID = corp
	if req.Action != mockctl.GroupCreate {
		if req.ChatID, err = st.groupID(ctx, group); err != nil {
			return out, err
		}
	}
	err = st.customerSide(ctx, func() ([]string, error) {
		out, err = st.mock.ChangeCustomerGroup(ctx, req)
		return out.Deliveries, err
	})
	return out, err
}

// groupOwner is the owner of a world group, for finding the corp of a step
// that names only the group.
func (st *state) groupOwner(ctx context.Context, group string) string {
	w, err := st.currentWorld(ctx)
	if err != nil {
		return ""
	}
	for _, c := range w.Corps {
		if c.ExternalContact == nil {
			continue
		}
		for _, g := range c.ExternalContact.CustomerGroups {
			if g.Name == group || g.ChatID == group {
				return g.Owner
			}
		}
	}
	return ""
}

func createsGroup(ctx context.Context, owner, name string) error {
	out, err := groupChange(ctx, name, mockctl.CustomerGroupChange{Action: mockctl.GroupCreate, Owner: owner, Name: name}, owner)
	if err == nil {
		stateOf(ctx).crmState().groups[name] = out.ChatID
	}
	return err
}

// joiner is a customer (by name) or, failing that, a member (by userid).
func (st *state) joiner(ctx context.Context, who string) (string, error) {
	if id, ok, err := st.customerID(ctx, who); err != nil || ok {
		return id, err
	}
	return who, nil
}

func joinsGroup(ctx context.Context, who, group, scanned string) error {
	st := stateOf(ctx)
	id, err := st.joiner(ctx, who)
	if err != nil {
		return err
	}
	req := mockctl.CustomerGroupChange{Action: mockctl.GroupAddMember, Members: []mockctl.CustomerGroupJoiner{{UserID: id}}}
	if scanned != "" {
		req.JoinScene = 3
	}
	_, err = groupChange(ctx, group, req, st.groupOwner(ctx, group), who)
	return err
}

func leavesGroup(ctx context.Context, who, how, group string) error {
	st := stateOf(ctx)
	id, err := st.joiner(ctx, who)
	if err != nil {
		return err
	}
	req := mockctl.CustomerGroupChange{Action: mockctl.GroupDelMember, UserIDs: []string{id}}
	if how == "is removed from" {
		req.QuitScene = 1
	}
	_, err = groupChange(ctx, group, req, st.groupOwner(ctx, group), who)
	return err
}

func groupNewOwner(ctx context.Context, group, owner string) error {
	_, err := groupChange(ctx, group, mockctl.CustomerGroupChange{Action: mockctl.GroupChangeOwner, NewOwner: owner}, owner)
	return err
}

func groupRenamed(ctx context.Context, group, name string) error {
	st := stateOf(ctx)
	out, err := groupChange(ctx, group, mockctl.CustomerGroupChange{Action: mockctl.GroupChangeName, Name: name}, st.groupOwner(ctx, group))
	if err == nil {
		st.crmState().groups[name] = out.ChatID
	}
	return err
}

func groupDismissed(ctx context.Context, group string) error {
	st := stateOf(ctx)
	_, err := groupChange(ctx, group, mockctl.CustomerGroupChange{Action: mockctl.GroupDismiss}, st.groupOwner(ctx, group))
	return err
}

// tagID finds a customer tag by the name a step gave it, or by name or id
// in the world.
func (st *state) tagID(ctx context.Context, name string) (string, error) {
	if id, ok := st.crmState().tags[name]; ok {
		return id, nil
	}
	w, err := st.currentWorld(ctx)
	if err != nil {
		return "", err
	}
	for _, c := range w.Corps {
		if c.ExternalContact == nil {
			continue
		}
		for _, g := range c.ExternalContact.TagGroups {
			for _, tag := range g.Tags {
				if tag.Name == name || tag.ID == name {
					return tag.ID, nil
				}
			}
		}
	}
	return "", fmt.Errorf("no customer tag %q", name)
}

// appCorp is the corp of the app under test (its first tenant), or
// without an app the corp the scenario is about.
func (st *state) appCorp(ctx context.Context) (string, error) {
	if err := st.startApp(ctx); err != nil {
		return "", err
	}
	if st.app != nil && len(st.appEnv.Tenants) > 0 {
		return st.appEnv.Tenants[0].CorpID, nil
	}
	if st.focus != "" {
		return st.focus, nil
	}
	w, err := st.currentWorld(ctx)
	if err != nil || len(w.Corps) == 0 {
		return "", fmt.Errorf("no corp to change the customer tags of: %v", err)
	}
	return w.Corps[0].CorpID, nil
}

// tagChange plays an administrator's change to the customer tags of the
// app's corp.
func tagChange(ctx context.Context, req mockctl.CorpTagChange) (mockctl.CorpTagsChanged, error) {
	st := stateOf(ctx)
	var out mockctl.CorpTagsChanged
	corp, err := st.appCorp(ctx)
	if err != nil {
		return out, err
	}
	req.CorpID = corp
	err = st.customerSide(ctx, func() ([]string, error) {
		out, err = st.mock.ChangeCorpTags(ctx, req)
		var ids []string
		for _, ev := range out.Events {
			ids = append(ids, ev.Deliveries...)
		}
		return ids, err
	})
	return out, err
}

func adminAddsTag(ctx context.Context, name, group string) error {
	out, err := tagChange(ctx, mockctl.CorpTagChange{Action: mockctl.CorpTagCreate, GroupName: group,
		Tags: []mockctl.NewCorpTag{{Name: name}}})
	if err != nil {
		return err
	}
	if out.TagGroup != nil {
		for _, tag := range out.TagGroup.Tags {
			stateOf(ctx).crmState().tags[tag.Name] = tag.ID
		}
	}
	return nil
}

func adminRenamesTag(ctx context.Context, name, newName string) error {
	st := stateOf(ctx)
	id, err := st.tagID(ctx, name)
	if err != nil {
		return err
	}
	if _, err := tagChange(ctx, mockctl.CorpTagChange{Action: mockctl.CorpTagUpdate, ID: id, Name: &newName}); err != nil {
		return err
	}
	st.crmState().tags[newName] = id
	return nil
}

func adminDeletesTag(ctx context.Context, name string) error {
	id, err := stateOf(ctx).tagID(ctx, name)
	if err != nil {
		return err
	}
	_, err = tagChange(ctx, mockctl.CorpTagChange{Action: mockctl.CorpTagDelete, TagIDs: []string{id}})
	return err
}

// crmApp is the app under test as a CRMApp, its callback URL configured:
// a CRM hears of its customers through callbacks.
func (st *state) crmApp(ctx context.Context) (CRMApp, error) {
	app, err := needApp[CRMApp](ctx, st, "CRMApp")
	if err != nil {
		return nil, err
	}
	if _, ok := app.(CallbackApp); ok {
		if err := st.ensureCallbacks(ctx); err != nil {
			return nil, err
		}
	}
	return app, nil
}

func appGreets(ctx context.Context, on bool) error {
	st := stateOf(ctx)
	app, err := st.crmApp(ctx)
	if err != nil {
		return err
	}
	return app.SetGreeting(ctx, on)
}

// crmCustomer resolves what a step about member userID and customer name
// needs: the CRM, the member's corp and the customer's external_userid.
func (st *state) crmCustomer(ctx context.Context, userID, name string) (app CRMApp, corp, id string, err error) {
	if app, err = st.crmApp(ctx); err != nil {
		return nil, "", "", err
	}
	if corp, err = st.crmCorp(ctx, userID); err != nil {
		return nil, "", "", err
	}
	if id, err = st.knownCustomer(ctx, name); err != nil {
		return nil, "", "", err
	}
	return app, corp, id, nil
}

func greetsLater(ctx context.Context, userID, name string) error {
	app, corp, id, err := stateOf(ctx).crmCustomer(ctx, userID, name)
	if err != nil {
		return err
	}
	cs := stateOf(ctx).crmState()
	cs.greeted, cs.greeting = true, app.GreetLater(ctx, corp, userID, id)
	return nil
}

func greetingOutcome(ctx context.Context, code string) error {
	cs := stateOf(ctx).crmState()
	if !cs.greeted {
		return errors.New("no greeting step ran in this scenario")
	}
	if code == "" {
		if cs.greeting != nil {
			return fmt.Errorf("the greeting failed: %w", cs.greeting)
		}
		return nil
	}
	var refusal *WeComRefusal
	if !errors.As(cs.greeting, &refusal) {
		return fmt.Errorf("the greeting did not fail with a WeCom errcode: %v", cs.greeting)
	}
	if want, _ := strconv.Atoi(code); refusal.ErrCode != want {
		return fmt.Errorf("the greeting failed with errcode %d (%s), want %d", refusal.ErrCode, refusal.Message, want)
	}
	return nil
}

func tagsCustomer(ctx context.Context, userID, name, tag string) error {
	app, corp, id, err := stateOf(ctx).crmCustomer(ctx, userID, name)
	if err != nil {
		return err
	}
	return app.TagCustomer(ctx, corp, userID, id, tag)
}

func transfersCustomers(ctx context.Context, from, to string) error {
	st := stateOf(ctx)
	app, err := st.crmApp(ctx)
	if err != nil {
		return err
	}
	corp, err := st.crmCorp(ctx, to, from)
	if err != nil {
		return err
	}
	return app.TransferCustomers(ctx, corp, from, to)
}

// customerMessages are the messages apps sent to a customer.
func customerMessages(ctx context.Context, name string) ([]mockctl.Message, error) {
	st := stateOf(ctx)
	id, err := st.knownCustomer(ctx, name)
	if err != nil {
		return nil, err
	}
	return st.mock.Messages(ctx, mockctl.MessageFilter{ToExternalUser: id})
}

func receivedGreeting(ctx context.Context, name, text string) error {
	msgs, err := customerMessages(ctx, name)
	if err != nil {
		return err
	}
	var seen []string
	for _, m := range msgs {
		if m.Content == text {
			return nil
		}
		seen = append(seen, strconv.Quote(m.Content))
	}
	return fmt.Errorf("customer %s did not receive %q; messages: %v", name, text, seen)
}

func receivedNoCustomerMessage(ctx context.Context, name string) error {
	msgs, err := customerMessages(ctx, name)
	if err != nil {
		return err
	}
	if len(msgs) > 0 {
		return fmt.Errorf("customer %s received %d messages, the first: %q", name, len(msgs), msgs[0].Content)
	}
	return nil
}

func appListsCustomers(ctx context.Context, n, userID, pages, size string) error {
	st := stateOf(ctx)
	app, err := st.crmApp(ctx)
	if err != nil {
		return err
	}
	corp, err := st.crmCorp(ctx, userID)
	if err != nil {
		return err
	}
	pageSize, _ := strconv.Atoi(size)
	list, err := app.ListCustomers(ctx, corp, userID, pageSize)
	if err != nil {
		return err
	}
	if len(list.ExternalUserIDs) != count(n) || list.Pages != count(pages) {
		return fmt.Errorf("the app listed %d customers of %s in %d pages, want %d in %d: %v",
			len(list.ExternalUserIDs), userID, list.Pages, count(n), count(pages), list.ExternalUserIDs)
	}
	return nil
}

// transferStatuses asks the app how the transfer from → to stands.
func transferStatuses(ctx context.Context, from, to string) (map[string]string, error) {
	st := stateOf(ctx)
	app, err := st.crmApp(ctx)
	if err != nil {
		return nil, err
	}
	corp, err := st.crmCorp(ctx, to, from)
	if err != nil {
		return nil, err
	}
	return app.TransferStatuses(ctx, corp, from, to)
}

func transferIs(ctx context.Context, from, to, want string) error {
	statuses, err := transferStatuses(ctx, from, to)
	if err != nil {
		return err
	}
	if len(statuses) == 0 {
		return fmt.Errorf("the transfer of %s's customers to %s has no customers", from, to)
	}
	for id, s := range statuses {
		if s != want {
			return fmt.Errorf("customer %s of the transfer from %s to %s is %s, want %s (all: %v)", id, from, to, s, want, statuses)
		}
	}
	return nil
}

func customerTransferIs(ctx context.Context, name, from, to, want string) error {
	id, err := stateOf(ctx).knownCustomer(ctx, name)
	if err != nil {
		return err
	}
	statuses, err := transferStatuses(ctx, from, to)
	if err != nil {
		return err
	}
	got, ok := statuses[id]
	if !ok {
		got = "none"
	}
	if got != want {
		return fmt.Errorf("the transfer of customer %s from %s to %s is %s, want %s", name, from, to, got, want)
	}
	return nil
}

// follower is the app's view of a member who follows a customer, or nil.
func follower(ctx context.Context, userID, name string) (*Follower, error) {
	app, corp, id, err := stateOf(ctx).crmCustomer(ctx, userID, name)
	if err != nil {
		return nil, err
	}
	cust, err := app.Customer(ctx, corp, id)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(cust.Followers, func(f Follower) bool { return strings.EqualFold(f.UserID, userID) })
	if i < 0 {
		return nil, nil
	}
	return &cust.Followers[i], nil
}

func follows(ctx context.Context, userID, name string, want bool) error {
	f, err := follower(ctx, userID, name)
	switch {
	case err != nil:
		return err
	case want && f == nil:
		return fmt.Errorf("%s does not follow customer %s", userID, name)
	case !want && f != nil:
		return fmt.Errorf("%s follows customer %s", userID, name)
	}
	return nil
}

func taggedBy(ctx context.Context, name, tag, userID string) error {
	f, err := follower(ctx, userID, name)
	switch {
	case err != nil:
		return err
	case f == nil:
		return fmt.Errorf("%s does not follow customer %s", userID, name)
	case !slices.Contains(f.Tags, tag):
		return fmt.Errorf("%s's tags on customer %s are %v, not %q", userID, name, f.Tags, tag)
	}
	return nil
}

func cameThrough(ctx context.Context, name, userID, channel string) error {
	f, err := follower(ctx, userID, name)
	switch {
	case err != nil:
		return err
	case f == nil:
		return fmt.Errorf("%s does not follow customer %s", userID, name)
	case f.State != channel:
		return fmt.Errorf("customer %s came to %s through %q, want %q", name, userID, f.State, channel)
	}
	return nil
}
