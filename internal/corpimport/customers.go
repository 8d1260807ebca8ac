package corpimport

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/client"
)

// ecData is the corp's 客户联系 world as the read APIs return it.
type ecData struct {
	// app is the agentid whose secret read it (a 可调用应用), 0 for the
	// 客户联系 secret.
	app         int
	followUsers []string
	customers   []client.Customer // sorted by external_userid
	tagGroups   []client.CorpTagGroup
	groups      []client.GroupChat // sorted by chat_id
}

// readCustomers reads the follow users, their customers, the corp tag
// library and the customer groups.
func (r *reader) readCustomers(ctx context.Context, s *snapshot) error {
	ec := &ecData{}
	for id, secret := range r.o.AppSecrets {
		if secret == r.o.ExternalContactSecret {
			ec.app = id
		}
	}
	var err error
	ec.followUsers, err = fetch(ctx, r, "externalcontact/get_follow_user_list", func() ([]string, error) { return r.ec.FollowUserList(ctx) })
	if err != nil {
		return fmt.Errorf("reading follow users with the 客户联系 secret: %w", err)
	}
	slices.Sort(ec.followUsers)
	if err := r.readFollowed(ctx, ec); err != nil {
		return err
	}
	slices.SortFunc(ec.customers, func(a, b client.Customer) int {
		return strings.Compare(a.ExternalContact.ExternalUserID, b.ExternalContact.ExternalUserID)
	})
	ec.tagGroups, err = fetch(ctx, r, "externalcontact/get_corp_tag_list", func() ([]client.CorpTagGroup, error) { return r.ec.CorpTagList(ctx, client.TagFilter{}) })
	if err != nil {
		return fmt.Errorf("reading the customer tag library: %w", err)
	}
	if err := r.readGroups(ctx, ec); err != nil {
		return err
	}
	fmt.Fprintf(r.o.Progress, "import: %d follow users, %d customers, %d customer groups\n",
		len(ec.followUsers), len(ec.customers), len(ec.groups))
	s.ec = ec
	return nil
}

// readFollowed reads every follow user's customers with
// batch/get_by_user, 100 members a call, and merges a customer's follow
// relations into one entry.
func (r *reader) readFollowed(ctx context.Context, ec *ecData) error {
	byID := map[string]int{}
	for users := range slices.Chunk(ec.followUsers, client.MaxBatchUsers) {
		cursor, cursors := "", map[string]bool{}
		for {
			page, err := fetch(ctx, r, "externalcontact/batch/get_by_user", func() (*client.FollowedCustomerPage, error) {
				return r.ec.BatchGetByUser(ctx, users, cursor, client.MaxBatchCustomers)
			})
			if err != nil {
				return fmt.Errorf("reading follow users' customers: %w", err)
			}
			for _, fc := range page.Customers {
				id := fc.ExternalContact.ExternalUserID
				i, ok := byID[id]
				if !ok {
					i = len(ec.customers)
					byID[id] = i
					ec.customers = append(ec.customers, client.Customer{ExternalContact: fc.ExternalContact})
				}
				c := &ec.customers[i]
				c.FollowUsers = append(c.FollowUsers, followUser(fc.FollowInfo))
			}
			if page.NextCursor == "" || cursors[page.NextCursor] {
				break
			}
			cursors[page.NextCursor] = true
			cursor = page.NextCursor
		}
	}
	return nil
}

// followUser is batch/get_by_user's follow_info in externalcontact/get's
// shape; its tags are known by id only.
func followUser(f client.FollowInfo) client.FollowUser {
	u := client.FollowUser{
		UserID: f.UserID, Remark: f.Remark, Description: f.Description, CreateTime: f.CreateTime,
		RemarkCorpName: f.RemarkCorpName, RemarkMobiles: f.RemarkMobiles, AddWay: f.AddWay,
		WechatChannels: f.WechatChannels, OperUserID: f.OperUserID, State: f.State,
	}
	for _, id := range f.TagIDs {
		u.Tags = append(u.Tags, client.FollowUserTag{TagID: id, Type: client.TagTypeCorp})
	}
	return u
}

// readGroups lists the groups of the follow users, 100 owners a call:
// WeCom refuses an unfiltered list (81017) to a caller who sees more than
// 1,000 members.
func (r *reader) readGroups(ctx context.Context, ec *ecData) error {
	const ownersPerCall = 100
	seen := map[string]bool{}
	for owners := range slices.Chunk(ec.followUsers, ownersPerCall) {
		cursor, cursors := "", map[string]bool{}
		for {
			page, err := fetch(ctx, r, "externalcontact/groupchat/list", func() (*client.GroupChatPage, error) {
				return r.ec.GroupChatList(ctx, client.GroupChatFilter{Owners: owners, Cursor: cursor, Limit: client.MaxGroupChatPage})
			})
			if err != nil {
				return fmt.Errorf("listing customer groups: %w", err)
			}
			for _, g := range page.Chats {
				if seen[g.ChatID] {
					continue
				}
				seen[g.ChatID] = true
				chat, err := fetch(ctx, r, "externalcontact/groupchat/get", func() (*client.GroupChat, error) { return r.ec.GroupChatGet(ctx, g.ChatID, true) })
				if err != nil {
					return fmt.Errorf("reading a customer group: %w", err)
				}
				ec.groups = append(ec.groups, *chat)
			}
			if page.NextCursor == "" || cursors[page.NextCursor] {
				break
			}
			cursors[page.NextCursor] = true
			cursor = page.NextCursor
		}
	}
	slices.SortFunc(ec.groups, func(a, b client.GroupChat) int { return strings.Compare(a.ChatID, b.ChatID) })
	return nil
}
