defmodule ShopBuild do
  @moduledoc false
end
