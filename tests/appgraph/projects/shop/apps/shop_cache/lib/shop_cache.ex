defmodule ShopCache do
  @moduledoc false
end
