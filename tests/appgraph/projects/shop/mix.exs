# An umbrella of eight applications with path dependencies four deep, an included application,
# an optional one, a build-only dependency and every release type. SHOP_RELEASE=0.2.0 builds the
# next version of the release: shop_core bumped, shop_metrics added, shop_reports removed and
# shop_worker made permanent.
defmodule Shop.MixProject do
  use Mix.Project

  def project do
    [apps_path: "apps", version: release_version(), deps: [], releases: releases()]
  end

  def release_version, do: System.get_env("SHOP_RELEASE", "0.1.0")

  defp releases do
    common = [shop_web: :permanent, shop_admin: :temporary, shop_docs: :none]

    applications =
      if release_version() == "0.1.0",
        do: common ++ [shop_worker: :transient, shop_reports: :load],
        else: common ++ [shop_worker: :permanent]

    [shop: [version: release_version(), applications: applications]]
  end
end
