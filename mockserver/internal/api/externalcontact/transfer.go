package externalcontact

import "github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"

func (a *API) transferModels() map[string]kernel.Model { return nil }
