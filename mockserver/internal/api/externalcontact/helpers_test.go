package externalcontact_test

import (
	"strconv"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

func itoa(i int) string { return strconv.Itoa(i) }

// memberIn is a minimal member of department dept.
func memberIn(userID string, dept int) fixtures.Member {
	return fixtures.Member{UserID: userID, Name: userID, Department: []int{dept}, MainDepartment: dept, Status: 1}
}

// followOf is a minimal follow-user relationship.
func followOf(userID string) fixtures.FollowUser {
	return fixtures.FollowUser{UserID: userID, CreateTime: 1700000000, AddWay: 1, OperUserID: userID}
}
